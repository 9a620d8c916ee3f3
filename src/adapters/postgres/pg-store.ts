import pg from 'pg';
import type { RelationalStore, Row } from '../../ports/relational-store.js';
import { sslOptions, withoutSslMode } from './tls.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** PostgreSQL through `pg`. `searchPath` isolates a schema (used by the tests). */
export class PgStore implements RelationalStore {
  private constructor(
    private readonly target: Queryable,
    private readonly pool: pg.Pool | undefined,
  ) {}

  /** `sslmode` in the URL sets TLS as {@link sslOptions} reads it (verify-full checks against the RDS CA bundle). */
  static connect(url: string, options: { searchPath?: string; max?: number } = {}): PgStore {
    const tls = withoutSslMode(url);
    const pool = new pg.Pool({
      connectionString: tls.url,
      ...(tls.mode ? { ssl: sslOptions(tls.mode) } : {}),
      max: options.max ?? 4,
      connectionTimeoutMillis: 5000,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PgStore(pool, pool);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.target.query(sql, params);
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.target.query(sql);
  }

  async transaction<T>(work: (tx: RelationalStore) => Promise<T>): Promise<T> {
    if (!this.pool) return work(this);
    const client = await this.pool.connect();
    // A connection lost while checked out is reported as an 'error' event too: unheard, it would
    // crash the process. The query in flight fails on its own; the client is then thrown away.
    let lost: unknown;
    const onError = (error: unknown) => (lost = error);
    client.on('error', onError);
    try {
      await client.query('begin');
      const result = await work(new PgStore(client, undefined));
      await client.query('commit');
      return result;
    } catch (error) {
      lost ??= await client.query('rollback').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      throw error;
    } finally {
      client.off('error', onError);
      client.release(lost instanceof Error ? lost : lost === undefined ? undefined : true);
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
