import type { Logger } from './logger.js';
import type { BaseConfig } from '../shared/config.js';
import type { ObjectStore } from './object-store.js';
import type { QueuePort, TopicPort } from './messaging-bus.js';
import type { KeyValueStore } from './key-value-store.js';
import type { RelationalStore } from './relational-store.js';
import type { WorkflowStarter } from './workflow-starter.js';
import type { SecretStore } from './secret-store.js';
import type { AssistantModel } from './model.js';
import type { Ledger } from './ledger.js';
import type { MessageSender } from './messaging.js';
import type { MediaSource } from './media.js';
import type { MetricsSink } from './metrics.js';
import type { ExecutionHistory } from './execution-history.js';
import type { Transcriber } from './transcription.js';
import type { ClientRepository } from './client-repository.js';
import type { SummaryRepository } from './summary-repository.js';
// fluxo:port-imports (fluxo generate function adds a port's import above this line)

export type * from './logger.js';
export type * from './object-store.js';
export type * from './messaging-bus.js';
export type * from './key-value-store.js';
export type * from './relational-store.js';
export type * from './workflow-starter.js';
export type * from './secret-store.js';
export type * from './transcription.js';
export type * from './model.js';
export type * from './messaging.js';
export type * from './ledger.js';
export type * from './client-repository.js';
export type * from './summary-repository.js';
// fluxo:port-exports (fluxo generate function adds a port's types above this line)

/**
 * Everything a handler may use, composed once per runtime:
 * `src/handlers/compose.ts` on AWS, `src/local/stack/compose.ts` on a laptop.
 */
export interface Deps {
  config: BaseConfig;
  logger: Logger;
  /** Opened on first use: a function that never touches SQL never connects. */
  db(): Promise<RelationalStore>;
  /** Clients and rejected registrations (PostgreSQL), on the same connection as `db`. */
  clients(): Promise<ClientRepository>;
  /** CSV summaries and failures (PostgreSQL), on the same connection as `db`. */
  summaries(): Promise<SummaryRepository>;
  objects: ObjectStore;
  queues: QueuePort;
  topics: TopicPort;
  kv: KeyValueStore;
  workflows: WorkflowStarter;
  secrets: SecretStore;
  /** The assistant's model (OpenAI Responses API, or the offline model locally); built on first use. */
  model(): Promise<AssistantModel>;
  ledger: Ledger;
  messages: MessageSender;
  /** Downloads a voice note (Twilio media URL). */
  media: MediaSource;
  /** OpenAI transcription (or the offline model's); built on first use. */
  transcriber(): Promise<Transcriber>;
  /** Business metrics (EMF on AWS). */
  metrics: MetricsSink;
  /** Closed executions and their transitions (the ops_transitions worker). */
  history: ExecutionHistory;
  // fluxo:ports (fluxo generate function adds a port above this line)
}

/** What every handler gets, whatever else it uses. */
export type BaseDeps = Pick<Deps, 'config' | 'logger' | 'metrics'>;

/** The ports a composition root wires on demand (everything but the base). */
export type PortName = Exclude<keyof Deps, keyof BaseDeps>;

/**
 * A handler's view of the ports: the base plus the ports it names. On AWS only
 * those are built, and only their adapters end up in the function's bundle.
 *
 * @example export const build = (deps: Ports<'objects' | 'summaries'>) => ...
 */
export type Ports<K extends PortName = never> = BaseDeps & Pick<Deps, K>;
