import { databaseUrlFromSecret } from '../../adapters/aws/database-secret.js';
import { PgClientRepository } from '../../adapters/postgres/client-repository.js';
import { PgStore } from '../../adapters/postgres/pg-store.js';
import { PgSummaryRepository } from '../../adapters/postgres/summary-repository.js';
import { ConfigError } from '../../shared/errors.js';
import { databaseConfig } from '../../shared/settings/database.js';
import type { RelationalStore } from '../../ports/relational-store.js';
import type { AwsBase, Provider } from '../compose.js';

// One pool per container, shared by `db`, `clients` and `summaries`; opened on first use.
let pool: Promise<RelationalStore> | undefined;

function open({ config, secrets }: AwsBase): Promise<RelationalStore> {
  pool ??= (async () => {
    // A stage whose database is in the stack: the Data API, with the cluster's managed secret.
    if (config.DATABASE_CLUSTER_ARN) {
      // The Data API needs the cluster's secret beside its ARN.
      if (!config.DATABASE_SECRET_ID) throw ConfigError.missing(['DATABASE_SECRET_ID'], databaseConfig.where(config.STAGE));
      const { DataApiStore } = await import('../../adapters/aws/data-api-store.js');
      return DataApiStore.connect({ region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT_URL }, { resourceArn: config.DATABASE_CLUSTER_ARN, secretArn: config.DATABASE_SECRET_ID, database: config.DATABASE_NAME ?? 'fluxo' });
    }
    const url = config.DATABASE_SECRET_ID
      ? await databaseUrlFromSecret(secrets, config.DATABASE_SECRET_ID, { host: config.DATABASE_HOST, database: config.DATABASE_NAME, sslmode: config.DATABASE_SSLMODE })
      : config.DATABASE_URL;
    if (!url) throw ConfigError.missing(['DATABASE_SECRET_ID or DATABASE_URL'], databaseConfig.where(config.STAGE));
    return PgStore.connect(url, { max: 2 });
  })().catch((error: unknown) => {
    pool = undefined;
    throw error;
  });
  return pool;
}

export const pgDb: Provider<'db'> = (base) => () => open(base);
export const pgClients: Provider<'clients'> = (base) => async () => new PgClientRepository(await open(base));
export const pgSummaries: Provider<'summaries'> = (base) => async () => new PgSummaryRepository(await open(base));
