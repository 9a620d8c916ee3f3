import type { Command } from 'commander';
import { migrate } from '../../adapters/postgres/migrate.js';
import { PgStore } from '../../adapters/postgres/pg-store.js';
import type { CommandContext } from '../io.js';

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('apply pending SQL migrations (migrations/*.sql) to DATABASE_URL, or to the local stack database')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local PGlite)')
    .action(async (options: { databaseUrl?: string }) => {
      const url = options.databaseUrl ?? process.env.DATABASE_URL;
      if (url) {
        const db = PgStore.connect(url, { max: 1 });
        try {
          const applied = await migrate(db);
          context.io.out(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
        } finally {
          await db.close();
        }
        return;
      }
      // The local stack migrates when it opens its database.
      await (await context.stack()).deps.db();
      context.io.out('local database is up to date');
    });
}
