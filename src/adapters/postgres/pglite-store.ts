import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { RelationalStore, Row } from '../../ports/relational-store.js';

/**
 * Embedded PostgreSQL (WASM) for the laptop stack and for tests without a server.
 * `dataDir` undefined means in memory.
 */
export class PgliteStore implements RelationalStore {
  private constructor(
    private readonly target: PGlite | Transaction,
    private readonly owner: PGlite | undefined,
  ) {}

  static async open(dataDir?: string): Promise<PgliteStore> {
    const db = new PGlite(dataDir);
    await db.waitReady;
    return new PgliteStore(db, db);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.target.query<T>(sql, params);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.target.exec(sql);
  }

  async transaction<T>(work: (tx: RelationalStore) => Promise<T>): Promise<T> {
    if (!this.owner) return work(this);
    return this.owner.transaction((tx) => work(new PgliteStore(tx, undefined)));
  }

  async close(): Promise<void> {
    if (this.owner && !this.owner.closed) await this.owner.close();
  }
}
