import type { Context } from 'aws-lambda';
import { DynamoDbKeyValueStore } from '../adapters/aws/dynamodb-kv.js';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.js';
import { SecretsManagerStore } from '../adapters/aws/secrets-manager.js';
import { StepFunctionsHistory, StepFunctionsStarter } from '../adapters/aws/sfn-workflow.js';
import { SnsTopic, SqsQueue } from '../adapters/aws/sqs-sns.js';
import { PgStore } from '../adapters/postgres/pg-store.js';
import { ConfigError } from '../platform/errors.js';
import { baseConfigSchema, loadConfig, SecretConfigCache, type ConfigSource } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import type { Deps } from '../ports/index.js';
import type { RelationalStore } from '../ports/relational-store.js';
import type { AssistantModel } from '../ports/model.js';
import { ResponsesModel } from '../adapters/openai/responses-model.js';
import { TwilioMessages } from '../adapters/twilio/messages.js';
import { TwilioMedia } from '../adapters/twilio/media.js';
import { OpenAiTranscriber } from '../adapters/openai/transcriber.js';
import { databaseUrlFromSecret } from '../adapters/aws/database-secret.js';
import { EmfMetrics } from '../adapters/aws/emf-metrics.js';
import { RefreshTokenAuth } from '../adapters/graph/auth.js';
import { GraphLedger } from '../adapters/graph/ledger.js';

/**
 * The AWS composition root: real SDK v3 clients (pointed at `AWS_ENDPOINT_URL`
 * when set, moto in tests), config from env + the stage secret, PostgreSQL by URL.
 */
export async function composeAws(env: ConfigSource = process.env): Promise<Deps> {
  const bootstrap = { region: env.AWS_REGION ?? 'us-east-1', endpoint: env.AWS_ENDPOINT_URL };
  const secrets = new SecretsManagerStore(bootstrap);
  const config = await loadConfig(baseConfigSchema, env, { cache: secretCache(secrets) });
  const settings = { region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT_URL };
  const logger = createLogger({ service: env.AWS_LAMBDA_FUNCTION_NAME ?? 'fluxo', level: config.LOG_LEVEL });
  let db: Promise<RelationalStore> | undefined;
  let model: AssistantModel | undefined;
  let ledger: GraphLedger | undefined;
  const openLedger = async (): Promise<GraphLedger> => {
    if (ledger) return ledger;
    const { GRAPH_TENANT_ID: tenantId, GRAPH_CLIENT_ID: clientId, GRAPH_CLIENT_SECRET: clientSecret, GRAPH_REFRESH_TOKEN: refreshToken, GRAPH_WORKBOOK_PATH: workbookPath } = config;
    if (!tenantId || !clientId || !clientSecret || !refreshToken || !workbookPath) {
      const missing = Object.entries({ GRAPH_TENANT_ID: tenantId, GRAPH_CLIENT_ID: clientId, GRAPH_CLIENT_SECRET: clientSecret, GRAPH_REFRESH_TOKEN: refreshToken, GRAPH_WORKBOOK_PATH: workbookPath }).filter(([, value]) => !value).map(([key]) => key);
      throw new ConfigError(missing, 'the ledger is an Excel table on OneDrive (docs/deploy.md)');
    }
    const auth = new RefreshTokenAuth({ tenantId, clientId, clientSecret, refreshToken, secretId: env.FLUXO_SECRET_ID, authority: config.GRAPH_AUTHORITY_URL }, secrets);
    return (ledger = new GraphLedger(auth, { workbookPath, tableName: config.GRAPH_TABLE_NAME, baseUrl: config.GRAPH_BASE_URL }));
  };
  return {
    model: async () => {
      if (!config.OPENAI_API_KEY) throw new ConfigError(['OPENAI_API_KEY']);
      return (model ??= new ResponsesModel({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL }));
    },
    ledger: {
      add: async (row) => (await openLedger()).add(row),
      list: async (filter) => (await openLedger()).list(filter),
    },
    media: {
      fetch: async (url) => {
        if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) throw new ConfigError(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
        return new TwilioMedia(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN).fetch(url);
      },
    },
    transcriber: async () => {
      if (!config.OPENAI_API_KEY) throw new ConfigError(['OPENAI_API_KEY']);
      return new OpenAiTranscriber({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_TRANSCRIBE_MODEL });
    },
    messages: {
      send: async (message) => {
        if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN || !config.TWILIO_WHATSAPP_FROM) throw new ConfigError(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM'].filter((key) => !config[key as keyof typeof config]));
        return new TwilioMessages(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, config.TWILIO_WHATSAPP_FROM).send(message);
      },
    },
    config,
    logger,
    metrics: new EmfMetrics(config.STAGE, env.AWS_LAMBDA_FUNCTION_NAME ?? 'fluxo'),
    db: () =>
      (db ??= (async () => {
        const url = config.DATABASE_SECRET_ID
          ? await databaseUrlFromSecret(secrets, config.DATABASE_SECRET_ID, { host: config.DATABASE_HOST, database: config.DATABASE_NAME, sslmode: config.DATABASE_SSLMODE })
          : config.DATABASE_URL;
        if (!url) throw new ConfigError(['DATABASE_SECRET_ID', 'DATABASE_URL'], 'one of them is needed');
        return PgStore.connect(url, { max: 2 });
      })()),
    objects: new S3ObjectStore(settings),
    queues: new SqsQueue(settings),
    topics: new SnsTopic(settings),
    kv: new DynamoDbKeyValueStore(settings),
    workflows: new StepFunctionsStarter(settings, config.STATE_MACHINE_ARN_PREFIX),
    history: new StepFunctionsHistory(settings, config.STATE_MACHINE_ARN_PREFIX),
    secrets,
  };
}

let cache: SecretConfigCache | undefined;
function secretCache(secrets: SecretsManagerStore): SecretConfigCache {
  // One cache per container: warm invocations reuse the secret until its TTL.
  return (cache ??= new SecretConfigCache((id) => secrets.get(id)));
}

let shared: Promise<Deps> | undefined;

/**
 * Turns a handler factory into a Lambda `main`: deps are composed on the first
 * invocation and reused while the container is warm.
 *
 * @example export const main = onAws(build);
 */
export function onAws<E, R>(build: (deps: Deps) => (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  let handler: ((event: E, context: Context) => Promise<R>) | undefined;
  return async (event, context) => {
    if (!handler) {
      shared ??= composeAws().catch((error: unknown) => {
        shared = undefined;
        throw error;
      });
      handler = build(await shared);
    }
    return handler(event, context);
  };
}
