import type { APIGatewayProxyStructuredResultV2, Context, ScheduledEvent, SQSBatchResponse } from 'aws-lambda';
import { SqsQueue } from '../adapters/aws/sqs-sns.js';
import { awsBase, wire } from '../handlers/compose.js';
import { isFunctionName, manifest, type FunctionSpec } from '../handlers/manifest.js';
import { wiringFor } from '../handlers/wiring/all.js';
import { ownConfig } from '../handlers/wiring/config-needs.js';
import { lambdaContext } from '../platform/lambda-context.js';
import { scheduledEvent } from '../platform/aws-events.js';
import { environment, type ConfigSource } from '../shared/config.js';
import { UsageError } from '../shared/errors.js';
import type { HandlerKind } from '../platform/kinds/kind.js';
import type { BaseDeps } from '../ports/index.js';
import { runConsumer } from './consumer.js';
import { serveHttpFunction } from './http.js';
import { quietSdkNodeWarning } from './sdk-node-warning.js';
import { stopSignal } from './signals.js';

/** What each kind is called, and which command runs it outside Lambda. */
const KINDS: Record<HandlerKind, { label: string; how: string }> = {
  sqs: { label: 'an SQS consumer', how: 'fluxo consume' },
  http: { label: 'an HTTP function', how: 'fluxo serve' },
  scheduled: { label: 'a scheduled function', how: 'fluxo work' },
  task: { label: 'a state-machine task', how: 'Step Functions only' },
};

interface Built {
  deps: BaseDeps;
  kind: HandlerKind;
  handler: (event: unknown, context: Context) => Promise<unknown>;
}

/** `fluxo service` runs in a container: probes and the load balancer come from outside it. */
const CONTAINER_HOST = '0.0.0.0';

const known = (): string => Object.keys(manifest).join(', ');

/** A function of the manifest built on the AWS providers of its own ports only, with its kind. */
export async function buildFunction(name: string, env: ConfigSource, expected?: HandlerKind): Promise<Built> {
  if (!isFunctionName(name)) throw new UsageError(`unknown function ${JSON.stringify(name)} (known: ${known()})`);
  const { kind, ports, settings, load }: FunctionSpec = manifest[name];
  quietSdkNodeWarning();
  if (expected && kind !== expected) throw new UsageError(`${name} is ${KINDS[kind].label}, not ${KINDS[expected].label}: run it with ${KINDS[kind].how}`);
  const base = await awsBase(env);
  // What its ports and use case need, all of it in one line before it takes any work (waiting cannot fix a missing
  // setting); its config holds only their settings, as on Lambda.
  const deps = await wire({ ...base, config: ownConfig(base.config, ports, settings) }, wiringFor(ports));
  const handler = (await load()).build(deps) as (event: unknown, context: Context) => Promise<unknown>;
  return { deps, kind, handler };
}

export interface Say {
  (line: string): void;
}

export async function consume(name: string, options: { queueUrl: string; batchSize?: number; waitSeconds?: number; healthPort?: number; healthHost?: string; unhealthyAfterMs?: number; once?: boolean; env?: ConfigSource; say: Say; built?: Built }) {
  const { deps, handler } = options.built ?? (await buildFunction(name, options.env ?? environment(), 'sqs'));
  const stop = stopSignal((signal) => options.say(`${signal}: stopping after the current batch…`));
  try {
    return await runConsumer({
      name,
      handler: (event) => handler(event, lambdaContext(name)) as Promise<SQSBatchResponse>,
      client: new SqsQueue({ region: deps.config.AWS_REGION, endpoint: deps.config.AWS_ENDPOINT_URL }).client,
      queueUrl: options.queueUrl,
      logger: deps.logger,
      batchSize: options.batchSize,
      waitSeconds: options.waitSeconds,
      signal: stop.signal,
      healthPort: options.healthPort,
      healthHost: options.healthHost,
      unhealthyAfterMs: options.unhealthyAfterMs,
      maxEmptyReceives: options.once ? 1 : undefined,
      onListening: (port) => options.say(`${name}: consuming ${options.queueUrl}; health on http://${options.healthHost ?? '127.0.0.1'}:${port}/health`),
    });
  } finally {
    stop.release();
  }
}

/** Serves until SIGTERM/SIGINT, then closes (open requests finish). */
export async function serve(name: string, options: { port: number; host?: string; env?: ConfigSource; say: Say; built?: Built }): Promise<void> {
  const { deps, handler } = options.built ?? (await buildFunction(name, options.env ?? environment(), 'http'));
  const host = options.host ?? '127.0.0.1';
  const server = await serveHttpFunction({ name, port: options.port, host, logger: deps.logger, handler: (event) => handler(event, lambdaContext(name)) as Promise<APIGatewayProxyStructuredResultV2> });
  options.say(`${name}: serving on http://${host}:${server.port} (GET /health)`);
  const stop = stopSignal((signal) => options.say(`${signal}: stopping`));
  await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  stop.release();
  await server.close();
}

/** Runs a scheduled function once with a real-shaped EventBridge event; throws (exit 1) when it fails. */
export async function work(name: string, options: { env?: ConfigSource; say: Say; built?: Built }): Promise<void> {
  const { deps, handler } = options.built ?? (await buildFunction(name, options.env ?? environment(), 'scheduled'));
  const event: ScheduledEvent = scheduledEvent(`${name}-schedule`, { region: deps.config.AWS_REGION });
  await handler(event, lambdaContext(name, 15 * 60_000));
  options.say(`${name}: done`);
}

/**
 * `fluxo service`: a container's entry point. SERVICE_NAME picks the function; its kind
 * picks how it runs: an SQS consumer polls QUEUE_URL with /health on PORT, an HTTP
 * function serves on PORT, a scheduled function runs once and exits.
 */
export async function service(env: ConfigSource, say: Say): Promise<void> {
  const name = env.SERVICE_NAME;
  if (!name) throw new UsageError('SERVICE_NAME is not set: the function to run (for example client_ingest or whatsapp_webhook)');
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  if (!isFunctionName(name)) throw new UsageError(`SERVICE_NAME ${JSON.stringify(name)} is not a function (known: ${known()})`);
  const unhealthy = env.UNHEALTHY_AFTER_SECONDS === undefined ? 60 : Number(env.UNHEALTHY_AFTER_SECONDS);
  if (!(unhealthy > 0)) throw new UsageError(`UNHEALTHY_AFTER_SECONDS must be a positive number, got ${JSON.stringify(env.UNHEALTHY_AFTER_SECONDS)}`);
  // Before wiring its ports: a task's settings are not the point, that it cannot run here is.
  if (manifest[name].kind === 'task') throw new UsageError(`${name} is a state-machine task: it runs inside Step Functions, not as a service`);
  const queueUrl = env.QUEUE_URL;
  if (manifest[name].kind === 'sqs' && !queueUrl) throw new UsageError(`QUEUE_URL is not set: ${name} is an SQS consumer and needs the queue to poll`);
  const built = await buildFunction(name, env);
  if (built.kind === 'sqs' && queueUrl) {
    await consume(name, { queueUrl, healthPort: port, healthHost: CONTAINER_HOST, unhealthyAfterMs: unhealthy * 1000, env, say, built });
    return;
  }
  if (built.kind === 'http') return serve(name, { port, host: CONTAINER_HOST, env, say, built });
  if (built.kind === 'scheduled') return work(name, { env, say, built });
  throw new UsageError(`${name} is a state-machine task: it runs inside Step Functions, not as a service`);
}

