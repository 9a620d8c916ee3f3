import type { Logger } from '../../ports/logger.js';

/** The migrations a function carries: their hash and how to apply them (src/adapters/postgres/migrate.ts). */
export interface CarriedMigrations {
  hash: string;
  /** Applies the pending ones; returns the versions applied now. */
  apply(): Promise<string[]>;
}

/**
 * The DatabaseMigrations custom resource (every deploy): applies the migrations when the
 * deploy's hash of migrations/*.sql is the one this function carries. A different hash is
 * a stack rollback calling the new function with the old properties: nothing to apply.
 */
export async function migrateOnDeploy(migrations: CarriedMigrations, properties: Record<string, unknown>, logger: Logger): Promise<{ applied: string; skipped?: string }> {
  const own = migrations.hash;
  if (properties.MigrationsHash !== own) {
    logger.warn({ requested: properties.MigrationsHash, own }, 'migrations differ from this deploy (a rollback): nothing applied');
    return { applied: '', skipped: `this function carries migrations ${own}, the deploy asked for ${String(properties.MigrationsHash)}` };
  }
  const applied = await migrations.apply();
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
  // Custom resource Data values are strings.
  return { applied: applied.join(',') };
}
