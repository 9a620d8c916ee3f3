import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { ObjectStore } from '../../ports/object-store.js';
import type { AslDefinition, AslState } from './asl.js';
import type { ExecutionRecord } from './execution-store.js';

/**
 * Distributed Map states on the local engine. aws-local-stepfunctions runs inline Maps
 * only, so each `"ProcessorConfig": {"Mode": "DISTRIBUTED"}` Map becomes, for the engine,
 * a Task whose local handler does what Step Functions does: reads the items (ItemReader,
 * S3 getObject of a JSON array, through the object-store port), runs each item as a child
 * execution of the ItemProcessor (its own record and history, bounded by MaxConcurrency and
 * this machine's cores), applies ToleratedFailurePercentage, and writes the ResultWriter
 * output (manifest.json + SUCCEEDED_0.json / FAILED_0.json) in the shape AWS writes.
 */
export const DISTRIBUTED_MAP_RESOURCE = 'arn:aws:states:::fluxo:distributedMap';
/** A field of the local engine's `$$.Execution`: the record running (a redrive's own name, where `Name` is the original's). */
export const RECORD_NAME = 'FluxoRecordName';

/** A map run's limit on the engine (Step Functions sets none on a Map): 23 days, under the 2^31 ms a Node timer takes. */
const MAP_RUN_TIMEOUT_SECONDS = 2_000_000;

const SUPPORTED = new Set(['Type', 'Comment', 'InputPath', 'ItemsPath', 'ItemReader', 'ItemSelector', 'ItemProcessor', 'MaxConcurrency', 'MaxConcurrencyPath', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'ResultWriter', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'Next', 'End', 'Label']);

class UnsupportedDistributedMap extends Error {
  override name = 'States.Runtime';
}

function isDistributed(state: AslState): boolean {
  return state.Type === 'Map' && (state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** Refuses, naming the field, what the local engine does not do (never silently). */
function check(name: string, state: AslState): void {
  const unknown = Object.keys(state).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new UnsupportedDistributedMap(`Distributed Map ${name}: the local engine does not support ${unknown.join(', ')}`);
  const reader = state.ItemReader as { Resource?: string; ReaderConfig?: Record<string, unknown> } | undefined;
  if (reader) {
    if (reader.Resource !== 'arn:aws:states:::s3:getObject') throw new UnsupportedDistributedMap(`Distributed Map ${name}: ItemReader.Resource ${String(reader.Resource)} is not supported locally (arn:aws:states:::s3:getObject is)`);
    const extra = Object.keys(reader.ReaderConfig ?? {}).filter((key) => key !== 'InputType' && key !== 'MaxItems');
    if (extra.length) throw new UnsupportedDistributedMap(`Distributed Map ${name}: ItemReader.ReaderConfig.${extra[0]} is not supported locally`);
    if (reader.ReaderConfig?.InputType !== 'JSON') throw new UnsupportedDistributedMap(`Distributed Map ${name}: ItemReader.ReaderConfig.InputType ${String(reader.ReaderConfig?.InputType)} is not supported locally (JSON is)`);
  }
  const writer = state.ResultWriter as { Resource?: string; WriterConfig?: unknown } | undefined;
  if (writer?.WriterConfig !== undefined) throw new UnsupportedDistributedMap(`Distributed Map ${name}: ResultWriter.WriterConfig is not supported locally`);
  if (writer && writer.Resource !== 'arn:aws:states:::s3:putObject') throw new UnsupportedDistributedMap(`Distributed Map ${name}: ResultWriter.Resource ${String(writer.Resource)} is not supported locally`);
}

/**
 * The definition the engine runs: each top-level Distributed Map replaced by a Task that
 * hands its handler the state input, the parent execution's name and the reader and
 * writer parameters resolved in the parent's context.
 */
export function withDistributedMapsAsTasks(definition: AslDefinition): { definition: AslDefinition; maps: Record<string, AslState> } {
  const maps: Record<string, AslState> = {};
  const States: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isDistributed(state)) {
      States[name] = state;
      continue;
    }
    check(name, state);
    maps[name] = state;
    const reader = state.ItemReader as { Parameters?: Record<string, unknown> } | undefined;
    const writer = state.ResultWriter as { Parameters?: Record<string, unknown> } | undefined;
    const task: AslState = {
      Type: 'Task',
      Resource: DISTRIBUTED_MAP_RESOURCE,
      Parameters: {
        'input.$': '$',
        'execution.$': '$$.Execution.Name',
        'record.$': `$$.Execution.${RECORD_NAME}`,
        ...(reader?.Parameters ? { reader: reader.Parameters } : { 'items.$': typeof state.ItemsPath === 'string' ? state.ItemsPath : '$' }),
        ...(writer?.Parameters ? { writer: writer.Parameters } : {}),
        ...(typeof state.MaxConcurrencyPath === 'string' ? { 'maxConcurrency.$': state.MaxConcurrencyPath } : {}),
      },
    };
    for (const key of ['Comment', 'InputPath', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'Next', 'End']) if (state[key] !== undefined) task[key] = state[key];
    // A Map state has no timeout on AWS; the engine gives a Task 60 s by default, which a map run of a 1 GB file outlasts.
    task.TimeoutSeconds = MAP_RUN_TIMEOUT_SECONDS;
    States[name] = task;
  }
  return { definition: { ...definition, States }, maps };
}

/** `$.a.b[0]` in `root`: the paths ItemSelector uses (the engine resolves everything else). */
function at(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.replace(/^\$\.?/, '').split(/\.|\[(\d+)\]/).filter((piece) => piece !== undefined && piece !== '')) {
    value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[part];
  }
  return value;
}

function select(selector: unknown, context: { input: unknown; item: unknown; index: number; execution: string }): unknown {
  if (Array.isArray(selector)) return selector.map((value) => select(value, context));
  if (!selector || typeof selector !== 'object') return selector;
  return Object.fromEntries(
    Object.entries(selector as Record<string, unknown>).map(([key, value]) => {
      if (!key.endsWith('.$') || typeof value !== 'string') return [key, select(value, context)];
      const name = key.slice(0, -2);
      if (value.startsWith('$$.Map.Item.Value')) return [name, at(context.item, `$${value.slice('$$.Map.Item.Value'.length)}`)];
      if (value === '$$.Map.Item.Index') return [name, context.index];
      if (value === '$$.Execution.Name') return [name, context.execution];
      if (value.startsWith('$$')) throw new UnsupportedDistributedMap(`ItemSelector: ${value} is not supported locally`);
      return [name, at(context.input, value)];
    }),
  );
}

/** Step Functions' execution names: 1-80 characters (the local store also keeps them to these). */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * A Distributed Map child's name: `<parent>-<state>-<index>` (`<parent>-<state>-r<run>-<index>` from the
 * Map's second run in one execution: a loop, a Retry). `parent` is the ORIGINAL execution, also in its
 * redrives, so a redriven parent finds the children its failed run left. Past 80 characters, or with
 * characters a name cannot hold, a shortened form with a stable hash of parent and state.
 */
export function childExecutionName(parent: string, state: string, run: number, index: number): string {
  const core = `${parent}-${state}${run > 1 ? `-r${run}` : ''}`;
  const plain = `${core}-${index}`;
  if (EXECUTION_NAME.test(plain)) return plain;
  const tail = `-${createHash('sha256').update(core).digest('hex').slice(0, 10)}-${index}`;
  return `${core.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80 - tail.length)}${tail}`;
}

export interface MapRunDeps {
  objects: ObjectStore;
  /** From the running record's name: the original execution (the first of a redrive chain) and which run of this Map state in it this is (1, 2...). */
  lineage: (record: string) => Promise<{ root: string; run: number }>;
  /** Runs one child execution of the ItemProcessor to its end (or gives the one of that name that already succeeded); `parent` is the original execution. */
  runChild: (definition: AslDefinition, name: string, input: unknown, parent: string) => Promise<ExecutionRecord>;
  machine: string;
}

interface MapTaskInput {
  input: unknown;
  execution: string;
  record: string;
  reader?: { Bucket: string; Key: string };
  items?: unknown;
  writer?: { Bucket: string; Prefix?: string };
  maxConcurrency?: number;
}

/** The Task handler of one Distributed Map state. */
export function distributedMapHandler(stateName: string, state: AslState, deps: MapRunDeps) {
  const processor = state.ItemProcessor as AslDefinition & { ProcessorConfig?: unknown };
  const { ProcessorConfig: _config, ...child } = processor;
  return async (raw: unknown): Promise<unknown> => {
    const task = raw as MapTaskInput;
    // Counted before anything can fail, so a redrive knows which run it continues.
    const { root, run } = await deps.lineage(task.record);
    let items: unknown;
    if (task.reader) {
      const body = await deps.objects.get(task.reader.Bucket, task.reader.Key);
      items = JSON.parse(body.toString('utf8')) as unknown;
      const max = (state.ItemReader as { ReaderConfig?: { MaxItems?: number } }).ReaderConfig?.MaxItems;
      if (Array.isArray(items) && max) items = items.slice(0, max);
    } else items = task.items;
    if (!Array.isArray(items)) throw Object.assign(new Error(`${stateName}: the items are not a JSON array`), { name: 'States.ItemReaderFailed' });
    const limit = Math.max(1, Math.min(task.maxConcurrency || (state.MaxConcurrency as number | undefined) || Infinity, availableParallelism()));
    const runId = randomUUID();
    const results: ExecutionRecord[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        const input = state.ItemSelector ? select(state.ItemSelector, { input: task.input, item: (items as unknown[])[index], index, execution: task.execution }) : (items as unknown[])[index];
        results[index] = await deps.runChild(child as AslDefinition, childExecutionName(root, stateName, run, index), input, root);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    const failed = results.filter((record) => record.status !== 'SUCCEEDED');
    const mapRunArn = `arn:aws:states:us-east-1:000000000000:mapRun:${deps.machine}/${stateName}:${runId}`;
    let output: unknown = results.map((record) => record.output ?? null);
    if (task.writer) {
      const prefix = `${task.writer.Prefix ? `${task.writer.Prefix.replace(/\/$/, '')}/` : ''}${runId}`;
      const entry = (record: ExecutionRecord) => ({ ExecutionArn: record.executionArn, Input: JSON.stringify(record.input), InputDetails: { Included: true }, Name: record.name, Output: JSON.stringify(record.output ?? null), OutputDetails: { Included: true }, StartDate: record.startDate, StopDate: record.stopDate, Status: record.status, ...(record.error ? { Error: record.error, Cause: record.cause } : {}) });
      const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
      for (const [status, records] of [['SUCCEEDED', results.filter((record) => record.status === 'SUCCEEDED')], ['FAILED', failed]] as const) {
        if (!records.length) continue;
        const key = `${prefix}/${status}_0.json`;
        const body = JSON.stringify(records.map(entry));
        await deps.objects.put(task.writer.Bucket, key, body, 'application/json');
        files[status]?.push({ Key: key, Size: Buffer.byteLength(body) });
      }
      const manifestKey = `${prefix}/manifest.json`;
      await deps.objects.put(task.writer.Bucket, manifestKey, JSON.stringify({ DestinationBucket: task.writer.Bucket, MapRunArn: mapRunArn, ResultFiles: files }), 'application/json');
      output = { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: task.writer.Bucket, Key: manifestKey } };
    }
    const tolerated = typeof state.ToleratedFailurePercentage === 'number' ? state.ToleratedFailurePercentage : 0;
    const count = typeof state.ToleratedFailureCount === 'number' ? state.ToleratedFailureCount : undefined;
    const exceeded = count !== undefined ? failed.length > count : failed.length > 0 && (failed.length / items.length) * 100 > tolerated;
    if (exceeded) {
      const first = failed[0];
      throw Object.assign(new Error(`${failed.length} of ${items.length} child executions failed (tolerated: ${count ?? `${tolerated}%`}); first: ${first?.name}: ${first?.error ?? ''} ${first?.cause ?? ''}`.trim()), { name: 'States.ExceedToleratedFailureThreshold' });
    }
    return output;
  };
}
