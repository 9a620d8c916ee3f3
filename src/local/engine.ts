import './polyfills.js';
import { EventEmitter } from 'node:events';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { ConflictError, ValidationError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { StartedExecution, WorkflowStarter } from '../ports/workflow-starter.js';
import { allStates, asEngineDefinition, functionNameOf, loadDefinition, type AslDefinition } from './asl.js';
import { executionArn, type ExecutionRecord, type ExecutionStore, type HistoryEvent } from './execution-store.js';
import type { Integration } from './integrations.js';

type JsonValue = Parameters<StateMachine['run']>[0];

export interface EngineOptions {
  store: ExecutionStore;
  integrations: Record<string, Integration>;
  /** Invokes a function of `src/handlers` by name, as Lambda would. */
  invoke: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Multiplies every Wait and Retry interval (FLUXO_WAIT_SCALE): 1 is real time, 0 does not wait. */
  waitScale: number;
  logger: Logger;
  machinesDir?: string;
  /** Local names of the CloudFormation resources machines name as `"${Resource}"` (tables, buckets). */
  resources?: Record<string, string>;
}

/**
 * Runs `statemachines/*.asl.json` in process on aws-local-stepfunctions.
 * Lambda tasks (`"Resource": "${fn}"`) call the local handler of that name;
 * service integrations call local adapters; every execution's history is kept.
 */
export class LocalEngine implements WorkflowStarter {
  /** Emits `event` (record, event) and `status` (record) while executions run. */
  readonly events = new EventEmitter();
  private readonly running = new Map<string, Promise<ExecutionRecord>>();
  private readonly definitions = new Map<string, AslDefinition>();
  /** Built once per machine: constructing one validates the definition, which costs far more than a run. */
  private readonly compiled = new Map<string, { machine: StateMachine; overrides: ReturnType<LocalEngine['overrides']> }>();

  constructor(private readonly options: EngineOptions) {
    this.events.setMaxListeners(100);
  }

  get store(): ExecutionStore {
    return this.options.store;
  }

  async definition(machine: string): Promise<AslDefinition> {
    let definition = this.definitions.get(machine);
    if (!definition) {
      definition = await loadDefinition(machine, this.options.machinesDir);
      this.definitions.set(machine, definition);
    }
    return definition;
  }

  async start(machine: string, name: string, input: unknown): Promise<StartedExecution> {
    const arn = executionArn(machine, name);
    try {
      await this.launch(machine, name, input);
      return { executionArn: arn, alreadyExisted: false };
    } catch (error) {
      if (error instanceof ConflictError) return { executionArn: arn, alreadyExisted: true };
      throw error;
    }
  }

  /** Starts and waits for the end; throws ConflictError when the name is taken. */
  async run(machine: string, input: unknown, name: string = crypto.randomUUID()): Promise<ExecutionRecord> {
    return (await this.launch(machine, name, input)).done;
  }

  /** Resolves with the final record of a running execution (or the stored one). */
  async wait(machine: string, name: string): Promise<ExecutionRecord> {
    return this.running.get(executionArn(machine, name)) ?? this.store.get(machine, name);
  }

  /** Resolves when no execution is running (including ones started meanwhile). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Redrive: a new execution of the same machine that starts at the state where
   * `name` failed, with the input that state had (as the console's "redrive" does).
   */
  async redrive(machine: string, name: string): Promise<{ name: string; done: Promise<ExecutionRecord> }> {
    const failed = await this.store.get(machine, name);
    if (failed.status !== 'FAILED') throw new ValidationError(`execution ${name} is ${failed.status}; only a failed execution can be redriven`);
    const definition = await this.definition(machine);
    const failure = [...failed.events].reverse().find((event) => event.type === 'StateFailed' && event.stateName && event.stateName in definition.States && definition.States[event.stateName]?.Type !== 'Fail');
    const from = failure?.stateName ?? definition.StartAt;
    const entered = [...failed.events].reverse().find((event) => event.type === 'StateEntered' && event.stateName === from);
    const existing = (await this.store.list(machine)).filter((record) => record.name.startsWith(`${name}-redrive-`)).length;
    const redriveName = `${name.slice(0, 60)}-redrive-${existing + 1}`;
    const { done } = await this.launch(machine, redriveName, entered?.input ?? failed.input, { ...definition, StartAt: from }, from);
    return { name: redriveName, done };
  }

  /** Claims the name and starts; resolves once started, with a promise of the end (in an object, so awaiting does not wait for it). */
  private async launch(machine: string, name: string, input: unknown, override?: AslDefinition, startAt?: string): Promise<{ done: Promise<ExecutionRecord> }> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new ValidationError(`invalid execution name ${JSON.stringify(name)}: 1-80 of A-Z a-z 0-9 - _`);
    const definition = override ?? (await this.definition(machine));
    const record: ExecutionRecord = {
      executionArn: executionArn(machine, name),
      machine,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date().toISOString(),
      events: [],
    };
    await this.store.create(record);
    if (startAt) record.redriveFrom = startAt;
    const done = this.execute(definition, record).finally(() => this.running.delete(record.executionArn));
    this.running.set(record.executionArn, done);
    this.events.emit('status', record);
    return { done };
  }

  private overrides(definition: AslDefinition) {
    const taskResourceLocalHandlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    const waitTimeOverrides: Record<string, number> = {};
    const retryIntervalOverrides: Record<string, number[]> = {};
    const scale = this.options.waitScale;
    for (const [name, state] of allStates(definition)) {
      if (state.Type === 'Task') {
        const functionName = functionNameOf(state.Resource);
        const integration = state.Resource ? this.options.integrations[state.Resource.replace(/\.(sync|waitForTaskToken)(:2)?$/, '')] : undefined;
        if (functionName) taskResourceLocalHandlers[name] = async (input) => (await this.options.invoke(functionName, input)) as JsonValue;
        else if (integration) taskResourceLocalHandlers[name] = async (input) => (await integration(input as Record<string, unknown>)) as JsonValue;
        else taskResourceLocalHandlers[name] = async () => {
          throw Object.assign(new Error(`the local engine has no integration for ${state.Resource}`), { name: 'States.Runtime' });
        };
      }
      if (scale !== 1 && state.Type === 'Wait' && typeof state.Seconds === 'number') waitTimeOverrides[name] = state.Seconds * 1000 * scale;
      if (scale !== 1 && state.Retry) retryIntervalOverrides[name] = state.Retry.map((retrier) => (retrier.IntervalSeconds ?? 1) * 1000 * scale);
    }
    return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
  }

  private compile(name: string, definition: AslDefinition) {
    let compiled = this.compiled.get(name);
    if (!compiled) {
      compiled = {
        machine: new StateMachine(asEngineDefinition(definition, this.options.resources), { validationOptions: { checkArn: false, checkPaths: true } }),
        overrides: this.overrides(definition),
      };
      this.compiled.set(name, compiled);
    }
    return compiled;
  }

  private async execute(definition: AslDefinition, record: ExecutionRecord): Promise<ExecutionRecord> {
    const { machine, overrides } = this.compile(record.redriveFrom ? `${record.machine}#${record.redriveFrom}` : record.machine, definition);
    const execution = machine.run(record.input as JsonValue, {
      overrides,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, StartTime: record.startDate, Input: record.input as JsonValue, RoleArn: 'arn:aws:iam::000000000000:role/local' },
        StateMachine: { Id: record.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''), Name: record.machine },
      },
    });
    const logging = (async () => {
      for await (const log of execution.eventLogs) this.append(record, log as unknown as Record<string, unknown>);
    })();
    let failure: unknown;
    try {
      record.output = await execution.result;
      record.status = 'SUCCEEDED';
    } catch (error) {
      failure = error;
      record.status = error instanceof ExecutionTimeoutError ? 'TIMED_OUT' : error instanceof ExecutionAbortedError ? 'ABORTED' : 'FAILED';
    }
    // The event stream ends after the result settles; read it to the end before summarizing.
    await logging.catch(() => undefined);
    if (failure !== undefined) {
      const named = failure instanceof Error ? failure : new Error(String(failure));
      const failed = [...record.events].reverse().find((event) => event.type === 'ExecutionFailed');
      record.error = failed?.error ?? named.name;
      record.cause = failed?.cause ?? named.message;
    }
    record.stopDate = new Date().toISOString();
    await this.store.save(record);
    this.options.logger.info({ machine: record.machine, executionName: record.name, status: record.status, error: record.error }, 'execution finished');
    this.events.emit('status', record);
    return record;
  }

  private append(record: ExecutionRecord, log: Record<string, unknown>): void {
    const state = log.state as { name?: string; type?: string; input?: unknown; output?: unknown } | undefined;
    const parent = log.parentState as { name?: string; type?: string } | undefined;
    const event: HistoryEvent = {
      id: record.events.length + 1,
      timestamp: new Date(Number(log.timestamp) || Date.now()).toISOString(),
      type: String(log.type),
      stateName: state?.name ?? parent?.name,
      stateType: state?.type ?? parent?.type,
    };
    if (log.type === 'ExecutionStarted') event.input = log.input;
    if (log.type === 'ExecutionSucceeded') event.output = log.output;
    if (log.type === 'StateEntered') event.input = state?.input;
    if (log.type === 'StateExited') event.output = state?.output;
    if (typeof log.Error === 'string') event.error = log.Error;
    if (log.Cause !== undefined) event.cause = typeof log.Cause === 'string' ? log.Cause : JSON.stringify(log.Cause);
    if (typeof log.index === 'number') event.index = log.index;
    const retry = log.retry as { attempt?: number } | undefined;
    if (retry?.attempt !== undefined) event.attempt = retry.attempt;
    record.events.push(event);
    this.events.emit('event', record, event);
  }
}
