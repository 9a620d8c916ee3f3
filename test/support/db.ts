import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { PgStore } from '../../src/adapters/postgres/pg-store.js';
import { PgliteStore } from '../../src/adapters/postgres/pglite-store.js';
import type { RelationalStore } from '../../src/ports/relational-store.js';

export interface TestDb {
  db: RelationalStore;
  /** `postgres` when TEST_DATABASE_URL is set, else `pglite`. */
  kind: 'postgres' | 'pglite';
  /** A URL for this database (postgres only), with the schema on the search path. */
  url?: string;
  schema?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new schema on the server of
 * TEST_DATABASE_URL, or an in-memory PGlite. Open it in `beforeAll`.
 */
export async function openTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  let result: TestDb;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = PgStore.connect(url, { searchPath: schema });
    result = {
      db,
      kind: 'postgres',
      url,
      schema,
      drop: async () => {
        await db.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema if exists ${schema} cascade`);
        await cleanup.end();
      },
    };
  } else {
    const db = await PgliteStore.open();
    result = { db, kind: 'pglite', drop: () => db.close() };
  }
  if (options.migrate !== false) await migrate(result.db);
  return result;
}
