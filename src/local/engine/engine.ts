import './polyfills.js';
import { EventEmitter } from 'node:events';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { StartedExecution, WorkflowStarter } from '../../ports/workflow-starter.js';
import { asEngineDefinition, loadDefinition, type AslDefinition, type AslState } from './asl.js';
import { executionArn, type ExecutionRecord, type ExecutionStatus, type ExecutionStore } from './execution-store.js';
import type { Integration } from './integrations.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { historyEvent } from './history-event.js';
import { distributedMapHandler, RECORD_NAME, withDistributedMapsAsTasks } from './distributed-map.js';
import { taskOverrides } from './overrides.js';
import { redrivePlan, type RedrivePlan } from './redrive.js';

type JsonValue = Parameters<StateMachine['run']>[0];

/** A redrive's plan, a Distributed Map child's ItemProcessor (`definition`) and parent, or a child run again (`previous`). */
type LaunchOptions = Partial<RedrivePlan> & { child?: { state: string; parent: string }; previous?: ExecutionRecord };

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
  /** Where Distributed Maps read their items and write their results (S3 on AWS). */
  objects?: ObjectStore;
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
  private readonly saving = new Map<string, Promise<void>>();
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
    if (failed.status === 'RUNNING' || failed.status === 'SUCCEEDED') throw new ValidationError(`execution ${name} is ${failed.status}; only a failed, aborted or timed-out execution can be redriven`);
    const plan = redrivePlan(failed, await this.definition(machine));
    const existing = (await this.store.list(machine)).filter((record) => record.name.startsWith(`${name}-redrive-`)).length;
    const redriveName = `${name.slice(0, 60)}-redrive-${existing + 1}`;
    const { done } = await this.launch(machine, redriveName, plan.input, plan);
    return { name: redriveName, done };
  }

  /**
   * Executions a stopped process left `RUNNING` (a `kill -9`, a crash): marked
   * `ABORTED` with the reason, as Step Functions marks a stopped execution, then
   * redriven from the state where they stopped. Call once at start, before new work.
   */
  async recoverAbandoned(): Promise<{ machine: string; name: string; redrive: string }[]> {
    const recovered: { machine: string; name: string; redrive: string }[] = [];
    await this.store.removeLeftovers();
    for (const record of await this.store.list()) {
      if (record.status !== 'RUNNING' || this.running.has(record.executionArn)) continue;
      record.status = 'ABORTED';
      record.error = 'fluxo.ProcessStopped';
      record.cause = 'the process running this execution stopped before it ended; it was redriven from the state where it stopped';
      record.stopDate = new Date().toISOString();
      record.events.push({ id: record.events.length + 1, timestamp: record.stopDate, type: 'ExecutionAborted', error: record.error, cause: record.cause });
      await this.store.save(record);
      // A Distributed Map's child: its parent's redrive runs the Map again, which runs it again.
      if (record.parent) continue;
      try {
        const { name } = await this.redrive(record.machine, record.name);
        recovered.push({ machine: record.machine, name: record.name, redrive: name });
      } catch (error) {
        this.options.logger.error({ machine: record.machine, executionName: record.name, error: (error as Error).message }, 'could not redrive an aborted execution; redrive it from the console');
      }
    }
    return recovered;
  }

  /**
   * Claims the name and starts; resolves once started, with a promise of the end (in an object, so awaiting does not wait for it).
   * With `previous` (a Distributed Map child run again), the same name and history go on, as AWS redrives an execution.
   */
  private async launch(machine: string, name: string, input: unknown, options: LaunchOptions = {}): Promise<{ done: Promise<ExecutionRecord> }> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new ValidationError(`invalid execution name ${JSON.stringify(name)}: 1-80 of A-Z a-z 0-9 - _`);
    const definition = options.definition ?? (await this.definition(machine));
    const { startAt, child, redriveOf, redriveCount, mapRunsStarted, previous } = options;
    const startDate = new Date().toISOString();
    const record: ExecutionRecord = {
      executionArn: executionArn(machine, name),
      machine,
      name,
      status: 'RUNNING',
      input,
      startDate,
      events: previous ? [...previous.events, { id: previous.events.length + 1, timestamp: startDate, type: 'ExecutionRedriven' }] : [],
    };
    if (startAt) record.redriveFrom = startAt;
    if (redriveOf) record.redriveOf = redriveOf;
    if (mapRunsStarted) record.mapRunsStarted = mapRunsStarted;
    if (redriveCount) record.redriveCount = redriveCount;
    if (previous) record.redriveCount = (previous.redriveCount ?? 0) + 1;
    if (child) record.parent = { machine, name: child.parent, state: child.state };
    if (previous) await this.store.save(record);
    else await this.store.create(record);
    const done = this.execute(definition, record).finally(() => this.running.delete(record.executionArn));
    this.running.set(record.executionArn, done);
    this.events.emit('status', record);
    return { done };
  }

  /**
   * One child execution of a Distributed Map (its ItemProcessor as a machine of its own), run to its end.
   * Named from the original parent execution (see childExecutionName), so a redriven parent finds the
   * children of the run it continues: one that succeeded is not run again, one that did not runs again under its name.
   */
  private async runChild(machine: string, parent: string, state: string, definition: AslDefinition, name: string, input: unknown): Promise<ExecutionRecord> {
    const existing = (await this.running.get(executionArn(machine, name))) ?? (await this.store.get(machine, name).catch(() => undefined));
    if (existing?.status === 'SUCCEEDED') return existing;
    const { done } = await this.launch(machine, name, input, { definition, child: { state, parent }, previous: existing });
    return done;
  }

  /** The original execution of a running one (itself, or what its redrive chain started from), and the run of `state` starting now. */
  private async lineage(machine: string, execution: string, state: string): Promise<{ root: string; run: number }> {
    const record = await this.store.get(machine, execution);
    const runs = (record.mapRunsStarted ??= {});
    runs[state] = (runs[state] ?? 0) + 1;
    return { root: record.redriveOf ?? record.name, run: runs[state] };
  }

  /** Task handlers for `maps`, each Distributed Map's on this engine's executions. */
  private overrides(definition: AslDefinition, machine: string, maps: Record<string, AslState>) {
    const { invoke, integrations, waitScale, objects } = this.options;
    return taskOverrides(definition, { invoke, integrations, waitScale }, maps, (name, map) => async (input) => {
      if (!objects) throw Object.assign(new Error('the local engine has no object store for Distributed Maps'), { name: 'States.Runtime' });
      const handler = distributedMapHandler(name, map, {
        objects,
        machine,
        lineage: (running) => this.lineage(machine, running, name),
        runChild: (child, childName, childInput, root) => this.runChild(machine, root, name, child, childName, childInput),
      });
      return handler(input);
    });
  }

  private compile(name: string, machine: string, original: AslDefinition) {
    let compiled = this.compiled.get(name);
    if (!compiled) {
      const { definition, maps } = withDistributedMapsAsTasks(original);
      compiled = {
        // A redrive's definition starts mid-way, leaving earlier states unreachable: the machine itself was validated whole.
        machine: new StateMachine(asEngineDefinition(definition, this.options.resources), { validationOptions: name.includes('#') ? { noValidate: true } : { checkArn: false, checkPaths: true } }),
        overrides: this.overrides(definition, machine, maps),
      };
      this.compiled.set(name, compiled);
    }
    return compiled;
  }

  private async execute(definition: AslDefinition, record: ExecutionRecord): Promise<ExecutionRecord> {
    // A child run again keeps its earlier history: its failure is read from this run's events.
    const before = record.events.length;
    let execution: ReturnType<StateMachine['run']>;
    try {
      const key = record.parent ? `${record.machine}>${record.parent.state}` : record.redriveFrom ? `${record.machine}#${record.redriveFrom}` : record.machine;
      const { machine, overrides } = this.compile(key, record.machine, definition);
      execution = machine.run(record.input as JsonValue, {
        overrides,
        context: {
          Execution: await this.executionContext(record),
          StateMachine: { Id: record.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''), Name: record.machine },
        },
      });
    } catch (error) {
      // A definition the engine refuses: the execution fails with the reason, it never stays RUNNING.
      return this.finish(record, 'FAILED', { error: 'States.Runtime', cause: (error as Error).message });
    }
    const logging = (async () => {
      for await (const log of execution.eventLogs) this.append(record, log as unknown as Record<string, unknown>);
    })();
    let failure: unknown;
    let status: ExecutionStatus = 'SUCCEEDED';
    try {
      record.output = await execution.result;
    } catch (error) {
      failure = error;
      status = error instanceof ExecutionTimeoutError ? 'TIMED_OUT' : error instanceof ExecutionAbortedError ? 'ABORTED' : 'FAILED';
    }
    // The event stream ends after the result settles; read it to the end before summarizing.
    await logging.catch(() => undefined);
    if (failure === undefined) return this.finish(record, status);
    const named = failure instanceof Error ? failure : new Error(String(failure));
    const failed = record.events.slice(before).reverse().find((event) => event.type === 'ExecutionFailed');
    return this.finish(record, status, { error: failed?.error ?? named.name, cause: failed?.cause ?? named.message });
  }

  /**
   * `$$.Execution`. A redrive is, to the machine, the execution it continues (on AWS it is the same execution):
   * its name, ARN, input and start time, plus RedriveCount and RedriveTime, so what the machine keys by
   * `$$.Execution.Name` (work keys, the assistant's turn lock) is the same as in the attempt that failed.
   */
  private async executionContext(record: ExecutionRecord) {
    const original = record.redriveOf ? await this.store.get(record.machine, record.redriveOf).catch(() => undefined) : undefined;
    const first = original ?? record;
    return {
      Id: first.executionArn,
      Name: first.name,
      StartTime: first.startDate,
      Input: first.input as JsonValue,
      RoleArn: 'arn:aws:iam::000000000000:role/local',
      [RECORD_NAME]: record.name,
      ...(original ? { RedriveCount: record.redriveCount ?? 1, RedriveTime: record.startDate } : {}),
    };
  }

  private async finish(record: ExecutionRecord, status: ExecutionStatus, failure?: { error: string; cause: string }): Promise<ExecutionRecord> {
    record.status = status;
    if (failure) Object.assign(record, failure);
    record.stopDate = new Date().toISOString();
    await this.saving.get(record.executionArn);
    this.saving.delete(record.executionArn);
    await this.store.save(record);
    this.options.logger.info({ machine: record.machine, executionName: record.name, status: record.status, error: record.error }, 'execution finished');
    this.events.emit('status', record);
    return record;
  }

  private append(record: ExecutionRecord, log: Record<string, unknown>): void {
    const event = historyEvent(log, record.events.length + 1);
    record.events.push(event);
    this.events.emit('event', record, event);
    // Where a stopped process left off: the record is saved as each top-level state is entered.
    if (event.type === 'StateEntered' && !log.parentState) this.persist(record);
  }

  /** Saves one record at a time, in order (a later save never lands before an earlier one). */
  private persist(record: ExecutionRecord): void {
    const previous = this.saving.get(record.executionArn) ?? Promise.resolve();
    this.saving.set(
      record.executionArn,
      previous.then(() => this.store.save(record)).catch((error: unknown) => this.options.logger.warn({ executionName: record.name, error: (error as Error).message }, 'could not save the execution')),
    );
  }
}
