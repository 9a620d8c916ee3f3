import { PgStore } from '../../src/adapters/postgres/pg-store.js';
import type { RelationalStore, Row } from '../../src/ports/relational-store.js';

/**
 * A store that forwards to the real database until `down` is set; then every
 * query goes to a PostgreSQL URL where nothing listens, and fails as the real
 * driver fails (ECONNREFUSED).
 */
export class SwitchableStore implements RelationalStore {
  down = false;
  private readonly unreachable = PgStore.connect('postgres://postgres@127.0.0.1:1/none', { max: 1 });
  constructor(private readonly real: RelationalStore) {}

  private target(): RelationalStore {
    return this.down ? this.unreachable : this.real;
  }

  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.target().query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.target().exec(sql);
  }

  transaction<T>(work: (tx: RelationalStore) => Promise<T>): Promise<T> {
    return this.target().transaction(work);
  }

  async close(): Promise<void> {
    await this.unreachable.close();
  }
}
