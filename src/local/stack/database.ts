import path from 'node:path';
import { migrate } from '../../adapters/postgres/migrate.js';
import { PgStore } from '../../adapters/postgres/pg-store.js';
import { PgliteStore } from '../../adapters/postgres/pglite-store.js';
import type { RelationalStore } from '../../ports/relational-store.js';

export interface LocalDatabase {
  /** Opens (once) and migrates the database. */
  open(): Promise<RelationalStore>;
  /** Closes it when this stack opened it. */
  close(): Promise<void>;
}

/**
 * The local relational store, opened on first use: an already open store (tests),
 * PostgreSQL at `databaseUrl`, or PGlite under `<home>/pgdata` (in memory without a home).
 */
export function localDatabase(options: { db?: RelationalStore; databaseUrl?: string; home?: string }): LocalDatabase {
  let opened: Promise<RelationalStore> | undefined;
  const open = (): Promise<RelationalStore> =>
    (opened ??= (async () => {
      const store = options.db ?? (options.databaseUrl ? PgStore.connect(options.databaseUrl) : await PgliteStore.open(options.home ? path.join(options.home, 'pgdata') : undefined));
      await migrate(store);
      return store;
    })());
  return {
    open,
    async close() {
      if (opened && !options.db) await (await opened).close();
    },
  };
}
