import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { EnvSecretStore } from '../../adapters/local/env-secrets.js';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import { JsonKeyValueStore } from '../../adapters/local/json-kv.js';
import { LocalMedia } from '../../adapters/local/media.js';
import { LocalBus } from '../../adapters/local/memory-bus.js';
import { MemoryMetrics } from '../../adapters/local/memory-metrics.js';
import { Outbox } from '../../adapters/local/outbox.js';
import { LocalTranscriptionJobs } from '../../adapters/local/transcribe-jobs.js';
import { XlsxLedger } from '../../adapters/local/xlsx-ledger.js';
// fluxo:local-adapter-imports (fluxo generate function adds a local adapter's import above this line)
import type { OfflineModel } from '../../adapters/offline-model/server.js';
import { PgClientRepository } from '../../adapters/postgres/client-repository.js';
import { PgSummaryRepository } from '../../adapters/postgres/summary-repository.js';
import { TwilioMedia } from '../../adapters/twilio/media.js';
import { baseConfigSchema, environment, parseConfig, type ConfigSource } from '../../shared/config.js';
import { createLogger, type Logger } from '../../platform/logger.js';
import type { Deps } from '../../ports/index.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { RelationalStore } from '../../ports/relational-store.js';
import type { TranscriptionJobs } from '../../ports/transcription-jobs.js';
import { connectWiring } from './connect-topology.js';
import { devTwilioSettings } from './dev-secrets.js';
import { LocalEngine } from '../engine/engine.js';
import { LocalExecutionHistory } from '../engine/execution-history.js';
import { ExecutionStore } from '../engine/execution-store.js';
import { CHUNK_WORKER_LIMITS, FunctionWorkers } from '../runtime/function-workers.js';
import { manifest } from '../../handlers/manifest.js';
import { FunctionRegistry } from '../runtime/functions.js';
import { localIntegrations } from '../engine/integrations.js';
import { localDatabase } from './database.js';
import { localModels } from './model.js';
import { wiring as defaultWiring, type LocalWiring } from './topology.js';

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
  /** Where the machines' ASL files are (default statemachines/): a test runs an edited copy. */
  machinesDir?: string;
  /** Worker threads for the CPU-bound functions (default: one per core, when the handlers' objects are the local folder; 0: none). */
  workers?: number;
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
  /** The worker threads of the CPU-bound functions, when the handlers' objects are the local folder. */
  workers?: FunctionWorkers;
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
  const env = options.env ?? environment();
  const home = options.home;
  const wiring = options.wiring ?? defaultWiring;
  if (home) await mkdir(home, { recursive: true, mode: 0o700 });
  // Locally Twilio needs no account: a generated token and URL, unless the environment sets them.
  const twilio = await devTwilioSettings(home, env);
  const config = parseConfig(baseConfigSchema, { ...wiring.env, ...twilio, ...env, STAGE: 'local', DATABASE_URL: options.databaseUrl, AWS_ENDPOINT_URL: undefined });
  const waitScale = options.waitScale ?? 1;
  const logger = options.logger ?? createLogger({ service: 'fluxo-local', level: config.LOG_LEVEL });
  const under = (name: string): string | undefined => (home ? path.join(home, name) : undefined);

  const database = localDatabase({ db: options.db, databaseUrl: options.databaseUrl, home });
  const models = localModels(config, env, home);
  const bus = new LocalBus(options.durable ? under('queues') : undefined);
  const objects = new FsObjectStore(under('objects') ?? mkdtempSync(path.join(tmpdir(), 'fluxo-objects-')));
  const kv = new JsonKeyValueStore(under('tables'));
  const store = new ExecutionStore(under('executions'));
  // The registry needs deps and deps need the engine, which invokes the registry: tie the knot lazily.
  const invoke = (name: string, payload: unknown) => registry.invoke(name, payload);
  const handlerObjects = options.objectStore ?? objects;
  const transcribe = options.transcriptionJobs ?? new LocalTranscriptionJobs(handlerObjects, models.transcriber);
  const engine: LocalEngine = new LocalEngine({
    store,
    invoke,
    waitScale,
    logger,
    machinesDir: options.machinesDir,
    resources: { ConversationsTable: config.CONVERSATIONS_TABLE, MediaBucket: config.MEDIA_BUCKET, WorkBucket: config.CSV_WORK_BUCKET ?? 'fluxo-work', ...wiring.resources },
    objects: handlerObjects,
    integrations: localIntegrations({ objects: handlerObjects, queues: bus, kv, transcribe }),
  });
  const outbox = new Outbox(under('outbox.jsonl'));
  const deps: Deps = {
    config,
    logger,
    db: database.open,
    clients: async () => new PgClientRepository(await database.open()),
    summaries: async () => new PgSummaryRepository(await database.open()),
    objects: handlerObjects,
    queues: bus,
    topics: bus,
    kv,
    workflows: engine,
    secrets: new EnvSecretStore(env),
    model: models.model,
    ledger: new XlsxLedger(under('ledger.xlsx') ?? path.join(tmpdir(), `fluxo-ledger-${process.pid}-${Date.now()}.xlsx`)),
    messages: outbox,
    media: new LocalMedia(handlerObjects, new TwilioMedia(config.TWILIO_ACCOUNT_SID ?? '', config.TWILIO_AUTH_TOKEN ?? '')),
    transcriber: models.transcriber,
    metrics: new MemoryMetrics(),
    history: new LocalExecutionHistory(store),
    // fluxo:local-adapters (fluxo generate function adds a port's local adapter above this line)
  };
  // CPU-bound functions on worker threads, which open the same folder (not another store such as moto's S3).
  const workerCount = options.objectStore ? 0 : (options.workers ?? availableParallelism());
  const workers = workerCount > 0 ? new FunctionWorkers({ objectsRoot: objects.root, config, logLevel: logger.level }, workerCount, CHUNK_WORKER_LIMITS) : undefined;
  const registry = new FunctionRegistry(deps, manifest, workers);
  connectWiring(wiring, { bus, objects, registry, waitScale });

  return {
    deps,
    outbox,
    offlineModel: models.offline,
    engine,
    bus,
    objects,
    functions: registry,
    workers,
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
      await workers?.close();
      await models.close();
      await database.close();
    },
  };
}
