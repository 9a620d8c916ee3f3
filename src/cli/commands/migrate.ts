import type { Command } from 'commander';
import { ConfigError, UsageError } from '../../shared/errors.js';
import type { CommandContext } from '../io.js';
import { environment } from '../../shared/config.js';

/**
 * The database URL of a deployed stage, as its functions build it: the stage
 * secret `fluxo/<stage>` names the RDS-managed secret (DATABASE_SECRET_ID) or
 * holds DATABASE_URL. Uses the caller's AWS credentials.
 */
async function stageDatabaseUrl(stage: string, region: string): Promise<string> {
  const [{ databaseUrlFromSecret }, { SecretsManagerStore }] = await Promise.all([import('../../adapters/aws/database-secret.js'), import('../../adapters/aws/secrets-manager.js')]);
  const secrets = new SecretsManagerStore({ region, endpoint: environment().AWS_ENDPOINT_URL });
  const secretId = `fluxo/${stage}`;
  const values = JSON.parse(await secrets.get(secretId)) as Record<string, string | undefined>;
  if (values.DATABASE_SECRET_ID) {
    return databaseUrlFromSecret(secrets, values.DATABASE_SECRET_ID, { host: values.DATABASE_HOST, database: values.DATABASE_NAME, sslmode: values.DATABASE_SSLMODE });
  }
  if (values.DATABASE_URL) return values.DATABASE_URL;
  throw new ConfigError(['DATABASE_SECRET_ID', 'DATABASE_URL'], `the secret ${secretId} names no database`);
}

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('apply pending SQL migrations (migrations/*.sql) to DATABASE_URL, to a deployed stage, or to the local stack database')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local PGlite)')
    .option('--stage <name>', "a deployed stage: its database from the operator secret fluxo/<name> (DATABASE_SECRET_ID..., no function reads it; needs AWS credentials and a network path to the database; else run db_migrate)")
    .option('--region <region>', 'AWS region of the stage', environment().AWS_REGION ?? 'us-east-1')
    .action(async (options: { databaseUrl?: string; stage?: string; region: string }) => {
      if (options.stage && options.databaseUrl) throw new UsageError('give --stage or --database-url, not both');
      if (options.stage && !/^[a-z0-9-]{1,32}$/.test(options.stage)) throw new UsageError('--stage must be lower-case letters, digits and dashes');
      const url = options.stage ? await stageDatabaseUrl(options.stage, options.region) : (options.databaseUrl ?? environment().DATABASE_URL);
      if (url) {
        const [{ migrate }, { PgStore }] = await Promise.all([import('../../adapters/postgres/migrate.js'), import('../../adapters/postgres/pg-store.js')]);
        const db = PgStore.connect(url, { max: 1 });
        try {
          const applied = await migrate(db);
          context.io.out(`${options.stage ? `stage ${options.stage}: ` : ''}${applied.length ? `applied ${applied.join(', ')}` : 'database is up to date'}`);
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
