import { environment, type ConfigSource } from '../../shared/config.js';
import type { Deps, PortName } from '../../ports/index.js';
import { awsBase, wire, type Wiring } from '../compose.js';
import { pgClients, pgDb, pgSummaries } from './db.js';
import { dynamoKv } from './kv.js';
import { graphLedger } from './ledger.js';
import { snsTopics, sqsQueues } from './messaging-bus.js';
import { openAiModel, openAiTranscriber } from './model.js';
import { s3Objects } from './objects.js';
import { secretsManager } from './secrets.js';
import { twilioMedia, twilioMessages } from './twilio.js';
import { sfnHistory, sfnWorkflows } from './workflows.js';
// fluxo:provider-imports (fluxo generate function adds a provider's import above this line)

/** Every port's AWS provider: for processes outside Lambda that may run any function (`fluxo service`, `consume`). */
export const awsWiring: Wiring<PortName> = {
  db: pgDb,
  clients: pgClients,
  summaries: pgSummaries,
  objects: s3Objects,
  queues: sqsQueues,
  topics: snsTopics,
  kv: dynamoKv,
  workflows: sfnWorkflows,
  history: sfnHistory,
  secrets: secretsManager,
  model: openAiModel,
  transcriber: openAiTranscriber,
  ledger: graphLedger,
  messages: twilioMessages,
  media: twilioMedia,
  // fluxo:providers (fluxo generate function adds a port's provider above this line)
};

/** The AWS providers of the given ports only: what `fluxo service` wires for one function of the manifest. */
export function wiringFor<K extends PortName>(ports: readonly K[]): Wiring<K> {
  return Object.fromEntries(ports.map((port) => [port, awsWiring[port]])) as Wiring<K>;
}

/**
 * Every port on real AWS (pointed at `AWS_ENDPOINT_URL` when set, moto in tests),
 * config from env + the secrets FLUXO_SECRET_IDS names, PostgreSQL by URL or RDS secret.
 */
export async function composeAws(env: ConfigSource = environment()): Promise<Deps> {
  return await wire(await awsBase(env), awsWiring);
}
