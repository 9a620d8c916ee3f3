import path from 'node:path';
import { migrate, migrationsHash, readMigrations, type Migration } from '../../adapters/postgres/migrate.js';
import type { Logger } from '../../platform/logger.js';
import type { RelationalStore } from '../../ports/relational-store.js';

/** The migrations in this function's artifact (its root, serverless.yml: package.patterns), or the repository's. */
export async function bundledMigrations(): Promise<Migration[]> {
  const root = process.env.LAMBDA_TASK_ROOT;
  return root ? readMigrations(path.join(root, 'migrations')) : readMigrations();
}

/**
 * The DatabaseMigrations custom resource (every deploy): applies the migrations when the
 * deploy's hash of migrations/*.sql is the one this function carries. A different hash is
 * a stack rollback calling the new function with the old properties: nothing to apply.
 */
export async function migrateOnDeploy(db: () => Promise<RelationalStore>, properties: Record<string, unknown>, logger: Logger): Promise<{ applied: string; skipped?: string }> {
  const migrations = await bundledMigrations();
  const own = migrationsHash(migrations);
  if (properties.MigrationsHash !== own) {
    logger.warn({ requested: properties.MigrationsHash, own }, 'migrations differ from this deploy (a rollback): nothing applied');
    return { applied: '', skipped: `this function carries migrations ${own}, the deploy asked for ${String(properties.MigrationsHash)}` };
  }
  const applied = await migrate(await db(), migrations);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
  // Custom resource Data values are strings.
  return { applied: applied.join(',') };
}
