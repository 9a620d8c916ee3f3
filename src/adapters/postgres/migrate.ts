import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RelationalStore } from '../../ports/relational-store.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** Any constant works; it only has to be the same for every fluxo migrator. */
const LOCK_KEY = 424242017;

export interface Migration {
  version: string;
  sql: string;
}

/** Reads `NNNN_name.sql` files, ordered by name. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file)).sort();
  return Promise.all(files.map(async (file) => ({ version: file.replace(/\.sql$/, ''), sql: await readFile(path.join(dir, file), 'utf8') })));
}

/** A short hash of the migrations (names and contents); scripts/migrations-hash.cjs computes the same at package time. */
export function migrationsHash(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.version}\n${migration.sql}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The migrations under `dir` (a function's artifact carries them at its root), their
 * hash, and applying them to the store `db` opens.
 */
export async function carriedMigrations(db: () => Promise<RelationalStore>, dir = MIGRATIONS_DIR): Promise<{ hash: string; apply(): Promise<string[]> }> {
  const migrations = await readMigrations(dir);
  return { hash: migrationsHash(migrations), apply: async () => migrate(await db(), migrations) };
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so
 * two processes starting at once (two Lambdas, `npm start` twice) apply each
 * migration exactly once. Returns the versions applied now.
 */
export async function migrate(db: RelationalStore, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec('create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await tx.query<{ version: string }>('select version from schema_migrations')).map((row) => row.version));
    const applied: string[] = [];
    for (const migration of all) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [migration.version]);
      applied.push(migration.version);
    }
    return applied;
  });
}
