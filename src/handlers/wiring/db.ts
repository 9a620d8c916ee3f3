import { databaseUrlFromSecret } from '../../adapters/aws/database-secret.js';
import { PgClientRepository } from '../../adapters/postgres/client-repository.js';
import { PgStore } from '../../adapters/postgres/pg-store.js';
import { PgSummaryRepository } from '../../adapters/postgres/summary-repository.js';
import { ConfigError } from '../../shared/errors.js';
import type { RelationalStore } from '../../ports/relational-store.js';
import type { AwsBase, Provider } from '../compose.js';

// One pool per container, shared by `db`, `clients` and `summaries`; opened on first use.
let pool: Promise<RelationalStore> | undefined;

function open({ config, secrets }: AwsBase): Promise<RelationalStore> {
  pool ??= (async () => {
    // A stage whose database is in the stack: the Data API, with the cluster's managed secret.
    if (config.DATABASE_CLUSTER_ARN) {
      if (!config.DATABASE_SECRET_ID) throw new ConfigError(['DATABASE_SECRET_ID'], 'the Data API needs the cluster secret');
      const { DataApiStore } = await import('../../adapters/aws/data-api-store.js');
      return DataApiStore.connect({ region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT_URL }, { resourceArn: config.DATABASE_CLUSTER_ARN, secretArn: config.DATABASE_SECRET_ID, database: config.DATABASE_NAME ?? 'fluxo' });
    }
    const url = config.DATABASE_SECRET_ID
      ? await databaseUrlFromSecret(secrets, config.DATABASE_SECRET_ID, { host: config.DATABASE_HOST, database: config.DATABASE_NAME, sslmode: config.DATABASE_SSLMODE })
      : config.DATABASE_URL;
    if (!url) throw new ConfigError(['DATABASE_SECRET_ID', 'DATABASE_URL'], 'one of them is needed');
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
