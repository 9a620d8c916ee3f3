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

export interface ServerDb {
  /** A connection URL another process can use (a packaged Lambda artifact run as a child, say). */
  url: string;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * A fresh, empty database reachable over the PostgreSQL protocol, for one test file: a new
 * database on the TEST_DATABASE_URL server, or else an in-memory PGlite served on a free
 * 127.0.0.1 port from this jest worker (one per file: opening PGlite takes seconds). PGlite's
 * connections share one session, so give each file its own server, never schemas on a shared one.
 */
export async function openServerDb(prefix = 'fluxo_srv'): Promise<ServerDb> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const database = `${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(server);
    url.pathname = `/${database}`;
    return {
      url: url.toString(),
      kind: 'postgres',
      close: async () => {
        await admin.query(`drop database if exists ${database} with (force)`);
        await admin.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const wire = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await wire.start();
  return {
    url: `postgres://postgres@${wire.getServerConn()}/postgres`,
    kind: 'pglite',
    close: async () => {
      await wire.stop();
      await db.close();
    },
  };
}
