import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FsObjectStore } from '../adapters/local/fs-object-store.js';
import { EnvSecretStore } from '../adapters/local/env-secrets.js';
import { JsonKeyValueStore } from '../adapters/local/json-kv.js';
import { LocalBus } from '../adapters/local/memory-bus.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { PgStore } from '../adapters/postgres/pg-store.js';
import { PgliteStore } from '../adapters/postgres/pglite-store.js';
import { PgClientRepository } from '../adapters/postgres/client-repository.js';
import { PgSummaryRepository } from '../adapters/postgres/summary-repository.js';
import { baseConfigSchema, parseConfig, type ConfigSource } from '../platform/config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import type { Deps } from '../ports/index.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { RelationalStore } from '../ports/relational-store.js';
import { LocalEngine } from './engine.js';
import { ExecutionStore } from './execution-store.js';
import { FunctionRegistry } from './functions.js';
import { localIntegrations } from './integrations.js';
import { wiring as defaultWiring, type LocalWiring } from './wiring.js';
import { Outbox } from '../adapters/local/outbox.js';
import { XlsxLedger } from '../adapters/local/xlsx-ledger.js';
import { startOfflineModel, type OfflineModel } from '../adapters/offline-model/server.js';
import { ResponsesModel } from '../adapters/openai/responses-model.js';
import type { AssistantModel } from '../ports/model.js';
import { devTwilioSettings } from './dev-secrets.js';
import { OpenAiTranscriber } from '../adapters/openai/transcriber.js';
import { TwilioMedia } from '../adapters/twilio/media.js';
import { LocalMedia } from '../adapters/local/media.js';
import { MemoryMetrics } from '../adapters/local/memory-metrics.js';
import { LocalExecutionHistory } from './execution-history.js';
import type { Transcriber } from '../ports/transcription.js';
import type { TranscriptionJobs } from '../ports/transcription-jobs.js';
import { LocalTranscriptionJobs } from '../adapters/local/transcribe-jobs.js';
import { tmpdir } from 'node:os';
import { s3Notification } from '../platform/aws-events.js';

export interface LocalStackOptions {
  /** Data folder (FLUXO_HOME, default `.fluxo`); undefined keeps everything in memory. */
  home?: string;
  /** PostgreSQL URL; without it PGlite under `<home>/pgdata` (or in memory). */
  databaseUrl?: string;
  /** An already open store (tests share one per file). */
  db?: RelationalStore;
  waitScale?: number;
  logger?: Logger;
  env?: ConfigSource;
  wiring?: LocalWiring;
  /** Another object store for the handlers and integrations (S3 on moto in tests); uploads still notify through `objects`. */
  objectStore?: ObjectStore;
  /** Queue messages journaled under `<home>/queues`, delivered again after a restart (`fluxo dev`). */
  durable?: boolean;
  /** Amazon Transcribe for the machine's SDK integration (moto in tests); default: local jobs on the configured transcriber. */
  transcriptionJobs?: TranscriptionJobs;
}

export interface LocalStack {
  deps: Deps;
  outbox: Outbox;
  /** The offline model, once started (when no OPENAI_API_KEY is set). */
  offlineModel(): Promise<OfflineModel | undefined>;
  engine: LocalEngine;
  bus: LocalBus;
  objects: FsObjectStore;
  functions: FunctionRegistry;
  home?: string;
  /** Waits until queues are empty and no execution runs. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The laptop composition root: the same ports as on AWS, answered by PGlite or
 * PostgreSQL, a folder, in-process queues and topics, and the local engine.
 */
export async function createLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const home = options.home;
  const wiring = options.wiring ?? defaultWiring;
  if (home) await mkdir(home, { recursive: true });
  // Locally Twilio needs no account: a generated token and URL, unless the environment sets them.
  const twilio = await devTwilioSettings(home, env);
  const config = parseConfig(baseConfigSchema, { ...wiring.env, ...twilio, ...env, STAGE: 'local', DATABASE_URL: options.databaseUrl, AWS_ENDPOINT_URL: undefined });
  const waitScale = options.waitScale ?? 1;
  const logger = options.logger ?? createLogger({ service: 'fluxo-local', level: config.LOG_LEVEL });

  let db: Promise<RelationalStore> | undefined;
  const openDb = (): Promise<RelationalStore> =>
    (db ??= (async () => {
      const store = options.db ?? (options.databaseUrl ? PgStore.connect(options.databaseUrl) : await PgliteStore.open(home ? path.join(home, 'pgdata') : undefined));
      await migrate(store);
      return store;
    })());

  const bus = new LocalBus(options.durable && home ? path.join(home, 'queues') : undefined);
  const objects = new FsObjectStore(home ? path.join(home, 'objects') : mkdtempSync(path.join(tmpdir(), 'fluxo-objects-')));
  const kv = new JsonKeyValueStore(home ? path.join(home, 'tables') : undefined);
  const store = new ExecutionStore(home ? path.join(home, 'executions') : undefined);
  // The registry needs deps and deps need the engine, which invokes the registry: tie the knot lazily.
  const invoke = (name: string, payload: unknown) => registry.invoke(name, payload);
  const handlerObjects = options.objectStore ?? objects;
  const transcribe = options.transcriptionJobs ?? new LocalTranscriptionJobs(handlerObjects, () => openTranscriber());
  const integrationDeps = { objects: handlerObjects, queues: bus, topics: bus, kv, invoke, tableKeys: wiring.tables, transcribe } as const;
  const engine: LocalEngine = new LocalEngine({
    store,
    invoke,
    waitScale,
    logger,
    resources: { ConversationsTable: config.CONVERSATIONS_TABLE, MediaBucket: config.MEDIA_BUCKET, ...wiring.resources },
    integrations: localIntegrations({ ...integrationDeps, workflows: { start: (machine, name, input) => engine.start(machine, name, input) } }),
  });
  let offline: Promise<OfflineModel> | undefined;
  let model: Promise<AssistantModel> | undefined;
  const openModel = (): Promise<AssistantModel> =>
    (model ??= (async () => new ResponsesModel({ ...(await openAi()), model: config.OPENAI_MODEL }))());
  /** OpenAI when OPENAI_API_KEY is set, else the offline model (started on first use). */
  const openAi = async (): Promise<{ apiKey: string; baseURL?: string }> => {
    if (config.OPENAI_API_KEY) return { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL };
    offline ??= startOfflineModel({ retrievesToComplete: Number(env.OFFLINE_MODEL_RETRIEVES ?? '1') || 1, file: home ? path.join(home, 'offline-model.json') : undefined });
    return { apiKey: 'offline', baseURL: (await offline).url };
  };
  let transcriber: Promise<Transcriber> | undefined;
  const openTranscriber = (): Promise<Transcriber> => (transcriber ??= (async () => new OpenAiTranscriber({ ...(await openAi()), model: config.OPENAI_TRANSCRIBE_MODEL }))());
  const media = new LocalMedia(handlerObjects, new TwilioMedia(config.TWILIO_ACCOUNT_SID ?? '', config.TWILIO_AUTH_TOKEN ?? ''));
  const outbox = new Outbox(home ? path.join(home, 'outbox.jsonl') : undefined);
  const ledger = new XlsxLedger(home ? path.join(home, 'ledger.xlsx') : path.join(tmpdir(), `fluxo-ledger-${process.pid}-${Date.now()}.xlsx`));
  const deps: Deps = { config, logger, db: openDb, clients: async () => new PgClientRepository(await openDb()), summaries: async () => new PgSummaryRepository(await openDb()), objects: handlerObjects, queues: bus, topics: bus, kv, workflows: engine, secrets: new EnvSecretStore(env), model: openModel, ledger, messages: outbox, media, transcriber: openTranscriber, metrics: new MemoryMetrics(), history: new LocalExecutionHistory(store) };
  const registry = new FunctionRegistry(deps);

  for (const queue of wiring.queues) {
    // Visibility timeouts are waits too: FLUXO_WAIT_SCALE shortens redelivery locally.
    const visibility = queue.settings?.visibilityTimeoutMs;
    const created = bus.createQueue(queue.name, { ...queue.settings, ...(visibility !== undefined ? { visibilityTimeoutMs: Math.max(1, visibility * waitScale) } : {}) });
    if (queue.consumer) {
      const consumer = queue.consumer;
      created.subscribe(async (event) => (await registry.invoke(consumer, event)) as { batchItemFailures: { itemIdentifier: string }[] });
    }
  }
  for (const topic of wiring.topics) bus.createTopic(topic.name, topic.subscriptions);
  for (const bucket of wiring.buckets) {
    const notify = bucket.notify;
    if (!notify) continue;
    objects.onObjectCreated(async (info) => {
      if (info.bucket !== bucket.name || !info.key.startsWith(notify.prefix ?? '') || !info.key.endsWith(notify.suffix ?? '')) return;
      await bus.publish(notify.topic, JSON.stringify(s3Notification(info.bucket, info.key, info.size, info.etag)));
    });
  }

  return {
    deps,
    outbox,
    offlineModel: async () => (offline ? await offline : undefined),
    engine,
    bus,
    objects,
    functions: registry,
    home,
    async settle() {
      for (let round = 0; round < 100; round++) {
        await bus.drained();
        await engine.idle();
        const busy = bus.queueNames().some((name) => bus.queue(name).consuming && bus.queue(name).peek().length > 0);
        if (!busy) return;
      }
      throw new Error('the local stack did not settle: queues and executions kept starting each other after 100 rounds');
    },
    async close() {
      bus.close();
      await engine.idle();
      if (offline) await (await offline).close();
      if (db && !options.db) await (await db).close();
    },
  };
}
