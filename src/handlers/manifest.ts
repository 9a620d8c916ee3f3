import type { HandlerKind } from '../platform/kinds/kind.js';
import type { PortName, Ports } from '../ports/index.js';
import type { Wired } from './compose.js';
import type { UseCaseSettings } from './wiring/config-needs.js';

/**
 * What a handler file exports: `build` makes the handler from the ports K, `main` (the
 * Lambda entry point, `onAws(wiring, build)`) wires exactly K on AWS.
 */
export interface HandlerModule<K extends PortName = PortName> {
  build: (deps: Ports<K>) => unknown;
  main: Wired<K>;
}

/** A handler module as the runtimes load it (built with the deps its manifest entry names). */
export interface LoadedHandler {
  build: (deps: Ports<PortName>) => unknown;
  main: { readonly ports: readonly PortName[]; readonly settings: readonly UseCaseSettings[] };
}

/** The ports a worker thread gives a CPU-bound function (it opens the same object folder). */
export type WorkerPort = 'objects';

/** One function: how it is triggered, the ports it uses, where it runs locally, how to load it. */
export interface FunctionSpec<K extends PortName = PortName> {
  /** sqs, http, scheduled or task (a state machine's Lambda task): how `fluxo service` runs it and which event serverless.yml gives it. */
  kind: HandlerKind;
  /** The ports it uses: its AWS providers, its local adapters, its IAM grants and environment follow from these. */
  ports: readonly K[];
  /** Settings its use case reads beyond its ports' (src/handlers/wiring/config-needs.ts): its config holds these and its ports' only. */
  settings: readonly UseCaseSettings[];
  /** Parses bytes with nothing but the object store: runs locally on a worker thread, one per core. */
  cpuBound: boolean;
  /** Its Lambda timeout (serverless.yml's `timeout`, else the provider's): locally too, counted from when it starts running. */
  timeoutSeconds: number;
  load: () => Promise<LoadedHandler>;
}

/** serverless.yml's `provider.timeout`: a function's timeout unless it names its own. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * Checks one entry: the handler's `build` takes and its `main` wires exactly `ports`, and a
 * CPU-bound function uses only what a worker thread has. (`const` keeps the port names literal.)
 */
function fn<const P extends readonly PortName[]>(spec: {
  kind: HandlerKind;
  ports: P;
  settings?: readonly UseCaseSettings[];
  cpuBound?: P[number] extends WorkerPort ? boolean : false;
  timeoutSeconds?: number;
  load: () => Promise<HandlerModule<P[number]>>;
}): FunctionSpec<P[number]> {
  return { kind: spec.kind, ports: spec.ports, settings: spec.settings ?? [], cpuBound: spec.cpuBound ?? false, timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, load: spec.load };
}

/**
 * Every function of the stack, by its Lambda name (serverless.yml's key, the ASL's
 * `"${name}"`). The one place that says which ports a function uses. Derived from it:
 * the local registry and its worker pool (src/local/runtime), the local composition
 * (each function built with only its ports), `fluxo service` (src/service/run.ts), and
 * the template test that checks each function's IAM grants and environment against
 * its ports (test/unit/function-manifest.test.ts).
 *
 * @example manifest.csv_store.ports // ['summaries', 'objects']
 */
export const manifest = {
  client_ingest: fn({ kind: 'sqs', ports: ['db', 'workflows'], load: () => import('./client_ingest.js') }),
  client_validate: fn({ kind: 'task', ports: [], settings: ['clients'], load: () => import('./client_validate.js') }),
  client_upsert: fn({ kind: 'task', ports: ['clients'], load: () => import('./client_upsert.js') }),
  client_reject: fn({ kind: 'task', ports: ['clients'], load: () => import('./client_reject.js') }),
  csv_ingest: fn({ kind: 'sqs', ports: ['db', 'workflows'], load: () => import('./csv_ingest.js') }),
  csv_inspect: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], load: () => import('./csv_inspect.js') }),
  csv_summarize: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], cpuBound: true, timeoutSeconds: 900, load: () => import('./csv_summarize.js') }),
  csv_plan: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], timeoutSeconds: 900, load: () => import('./csv_plan.js') }),
  csv_summarize_chunk: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], cpuBound: true, timeoutSeconds: 900, load: () => import('./csv_summarize_chunk.js') }),
  csv_merge: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], timeoutSeconds: 900, load: () => import('./csv_merge.js') }),
  csv_refine_chunk: fn({ kind: 'task', ports: ['objects'], settings: ['csv'], cpuBound: true, timeoutSeconds: 900, load: () => import('./csv_refine_chunk.js') }),
  csv_exact_quartiles: fn({ kind: 'task', ports: ['objects'], timeoutSeconds: 300, load: () => import('./csv_exact_quartiles.js') }),
  csv_store: fn({ kind: 'task', ports: ['summaries', 'objects'], settings: ['csv'], load: () => import('./csv_store.js') }),
  csv_record_failure: fn({ kind: 'task', ports: ['summaries', 'objects'], settings: ['csv'], load: () => import('./csv_record_failure.js') }),
  hello_greet: fn({ kind: 'task', ports: [], load: () => import('./hello_greet.js') }),
  db_migrate: fn({ kind: 'task', ports: ['db'], timeoutSeconds: 120, load: () => import('./db_migrate.js') }),
  ops_transitions: fn({ kind: 'scheduled', ports: ['history'], timeoutSeconds: 300, load: () => import('./ops_transitions.js') }),
  whatsapp_webhook: fn({ kind: 'http', ports: ['workflows'], settings: ['twilio-webhook'], timeoutSeconds: 10, load: () => import('./whatsapp_webhook.js') }),
  assistant_respond: fn({ kind: 'task', ports: ['model'], load: () => import('./assistant_respond.js') }),
  assistant_poll: fn({ kind: 'task', ports: ['model'], load: () => import('./assistant_poll.js') }),
  assistant_run_tool: fn({ kind: 'task', ports: ['ledger', 'kv'], settings: ['conversations'], timeoutSeconds: 60, load: () => import('./assistant_run_tool.js') }),
  assistant_send_reply: fn({ kind: 'task', ports: ['messages'], load: () => import('./assistant_send_reply.js') }),
  assistant_fetch_media: fn({ kind: 'task', ports: ['media', 'objects'], timeoutSeconds: 60, load: () => import('./assistant_fetch_media.js') }),
  assistant_transcribe: fn({ kind: 'task', ports: ['objects', 'transcriber'], timeoutSeconds: 120, load: () => import('./assistant_transcribe.js') }),
  // fluxo:manifest (fluxo generate function adds entries above this line)
};

export type FunctionName = keyof typeof manifest;

/** The manifest as a list, for what derives per-function settings (IAM, secrets, environment) from the ports. */
export const functionList: readonly ({ name: FunctionName } & FunctionSpec)[] = Object.entries(manifest).map(([name, spec]) => ({ name: name as FunctionName, ...(spec as FunctionSpec) }));

/** The functions that run on worker threads locally. */
export const cpuBoundFunctions: readonly FunctionName[] = functionList.filter((spec) => spec.cpuBound).map((spec) => spec.name);

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(manifest, name);
}
