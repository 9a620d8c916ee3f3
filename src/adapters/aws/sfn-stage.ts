import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
  type ExecutionListItem,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import type { ChildExecution, ExecutionRecord, HistoryEvent } from '../../ports/execution-history.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { explain } from './sfn-errors.js';
import { findChild } from './sfn-map-runs.js';
import { HistoryFollower } from './sfn-follow.js';
import { value as parsed } from './sfn-history.js';
import { checkExecutionRef, type StageNames } from './sfn-stage-names.js';

export { stageNames, type StageNames } from './sfn-stage-names.js';

/** What the console and the CLI list: an execution without its history. */
export type ExecutionBrief = Omit<ExecutionRecord, 'events' | 'input'> & { input?: unknown };

/** One machine of the stage as DescribeStateMachine gives it. */
export interface StageMachine {
  name: string;
  arn: string;
  type: string;
  definition: unknown;
  /** Where an Express machine's executions are logged (it has no history API). */
  logGroup?: string;
}

export interface StageExecution extends ExecutionBrief {
  /** The definition this execution ran (DescribeStateMachineForExecution). */
  definition?: unknown;
  redriveCount?: number;
  redriveStatus?: string;
  redriveStatusReason?: string;
  /** Express executions (a Distributed Map's children) have no history API: their logs are here. */
  express?: { logGroup?: string };
  /** A child's ARN opens it in another process (`fluxo executions show <machine> <arn> --stage S`): its name alone is found only after its parent was read. */
  children?: (ChildExecution & { executionArn: string })[];
  mapRuns?: { state: string; status: string; items: Record<string, number> }[];
}

const PAGE = 1000;
const CHILDREN_SHOWN = 1000;
/** Newest-first page size when polling a running execution for what is new. */
const FOLLOW_PAGE = 100;
/** How many of a machine's latest executions a child named alone is looked for under. */
const CHILD_SEARCH = 50;

/** Map Run ARNs end `<machine>/<Map state label>:<id>`. */
const mapStateOf = (mapRunArn: string): string => /\/([^/:]+):[^/:]+$/.exec(mapRunArn)?.[1] ?? '';

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/**
 * A deployed stage's executions through the Step Functions API, shaped as the
 * local engine's records (src/local/engine/execution-store.ts): only the stage's own
 * machines, with the caller's credentials. Throttled calls are retried with
 * backoff by the SDK (standard mode, up to `maxAttempts`).
 */
export class StageExecutions {
  private arns?: Map<string, { arn: string; type: string }>;
  /** Child executions (Express, dispatched by a Map Run) seen so far: their ARN cannot be built from a name. */
  private readonly childArns = new Map<string, string>();

  constructor(
    readonly names: StageNames,
    private readonly client: SFNClient = new SFNClient({ maxAttempts: 8 }),
  ) {}

  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw explain(action, error);
    }
  }

  fullName(machine: string): string {
    return `${this.names.service}-${this.names.stage}-${machine}`;
  }

  /** The stage's machines by short name -> ARN and type (other machines of the account are left out). */
  async machineArns(): Promise<Map<string, { arn: string; type: string }>> {
    if (this.arns) return this.arns;
    const wanted = new Map(this.names.machines.map((machine) => [this.fullName(machine), machine]));
    const found = new Map<string, { arn: string; type: string }>();
    let nextToken: string | undefined;
    do {
      const page = await this.call('ListStateMachines', () => this.client.send(new ListStateMachinesCommand({ maxResults: PAGE, nextToken })));
      for (const item of page.stateMachines ?? []) {
        const short = item.name ? wanted.get(item.name) : undefined;
        if (short && item.stateMachineArn) found.set(short, { arn: item.stateMachineArn, type: item.type ?? 'STANDARD' });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    this.arns = new Map(this.names.machines.flatMap((machine) => { const item = found.get(machine); return item ? [[machine, item] as const] : []; }));
    return this.arns;
  }

  /** A Standard machine's ARN; an Express machine has no execution API to read (one line naming its log group). */
  private async arnOf(machine: string): Promise<string> {
    const item = (await this.machineArns()).get(machine);
    if (item?.type === 'EXPRESS') throw new ValidationError(await this.expressNote(machine));
    const arn = item?.arn;
    if (!arn) throw new NotFoundError(`no machine ${machine} in stage ${this.names.stage} (looked for ${this.fullName(machine)}; deployed: ${[...(await this.machineArns()).keys()].join(', ') || 'none'})`);
    return arn;
  }

  async machines(): Promise<StageMachine[]> {
    const machines: StageMachine[] = [];
    for (const [name, { arn }] of await this.machineArns()) {
      const described = await this.call('DescribeStateMachine', () => this.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
      const logGroup = described.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
      machines.push({ name, arn, type: described.type ?? 'STANDARD', definition: parsed(described.definition), ...(logGroup ? { logGroup } : {}) });
    }
    return machines;
  }

  /** Executions newest first: every machine of the stage (or one), optionally by status and start date. */
  async list(options: { machine?: string; status?: string; since?: Date; limit?: number } = {}): Promise<ExecutionBrief[]> {
    const limit = options.limit ?? 100;
    const all = await this.machineArns();
    const machines = options.machine ? [options.machine] : [...all.keys()].filter((machine) => all.get(machine)?.type !== 'EXPRESS');
    const rows: ExecutionBrief[] = [];
    for (const machine of machines) {
      const stateMachineArn = await this.arnOf(machine);
      let nextToken: string | undefined;
      let taken = 0;
      do {
        const page = await this.call('ListExecutions', () => this.client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: options.status as ExecutionStatus | undefined, maxResults: PAGE, nextToken })));
        let older = false;
        for (const item of page.executions ?? []) {
          // Newest first: past --since, the rest is older still.
          if (options.since && item.startDate && item.startDate < options.since) {
            older = true;
            break;
          }
          rows.push(this.brief(machine, item));
          if (++taken >= limit) break;
        }
        nextToken = older || taken >= limit ? undefined : page.nextToken;
      } while (nextToken);
    }
    return rows.sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  private brief(machine: string, item: ExecutionListItem): ExecutionBrief {
    return { executionArn: item.executionArn ?? '', machine, name: item.name ?? '', status: (item.status ?? 'RUNNING') as ExecutionBrief['status'], startDate: iso(item.startDate) ?? '', ...(item.stopDate ? { stopDate: iso(item.stopDate) } : {}), ...(item.redriveCount ? { redriveCount: item.redriveCount } : {}) } as ExecutionBrief;
  }

  /** Why an Express machine shows no executions, and where to look instead. */
  async expressNote(machine: string): Promise<string> {
    const logGroup = (await this.machines()).find((entry) => entry.name === machine)?.logGroup;
    const group = logGroup ? /:log-group:([^:]+)/.exec(logGroup)?.[1] ?? logGroup : undefined;
    return `${this.fullName(machine)} is an Express machine: Step Functions keeps no execution list or history for it; its executions are logged ${group ? `to the CloudWatch log group ${group}` : 'only if it has a log group (none configured)'}`;
  }

  /** The Express machines of the stage, each with its note. */
  async expressMachines(): Promise<string[]> {
    return [...(await this.machineArns())].filter(([, item]) => item.type === 'EXPRESS').map(([machine]) => machine);
  }

  /** The execution's ARN: `<name>` of the machine, a child seen in a Map Run, or an ARN given whole. */
  async executionArn(machine: string, name: string): Promise<string> {
    checkExecutionRef(this.fullName(machine), this.names.stage, name);
    if (name.startsWith('arn:')) return name;
    const child = this.childArns.get(`${machine}/${name}`);
    if (child) return child;
    return `${(await this.arnOf(machine)).replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** One execution: DescribeExecution, the definition it ran, its Distributed Map children, its parent. */
  async describe(machine: string, name: string): Promise<StageExecution> {
    let arn = await this.executionArn(machine, name);
    const describe = () => this.call('DescribeExecution', () => this.client.send(new DescribeExecutionCommand({ executionArn: arn })));
    const described = await describe().catch(async (error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      // A Distributed Map's child, named alone in a new process: look among the children of the latest executions.
      const search = !name.startsWith('arn:') && (await this.hasDistributedMap(machine));
      const child = search ? await findChild(this, machine, name, CHILD_SEARCH) : undefined;
      if (!child) throw new NotFoundError(`no execution ${machine}/${name} in stage ${this.names.stage} (${this.fullName(machine)})${!search ? '' : `, nor a Distributed Map child of its ${CHILD_SEARCH} latest executions: open a child by the ARN its parent lists (fluxo executions show ${machine} <parent> --stage ${this.names.stage})`}`);
      this.childArns.set(`${machine}/${name}`, child);
      arn = child;
      return describe();
    });
    const express = arn.includes(':express:');
    const record: StageExecution = {
      executionArn: arn,
      machine,
      name: described.name ?? name,
      status: (described.status ?? 'RUNNING') as StageExecution['status'],
      input: parsed(described.input),
      startDate: iso(described.startDate) ?? '',
      ...(described.stopDate ? { stopDate: iso(described.stopDate) } : {}),
      ...(described.output !== undefined ? { output: parsed(described.output) } : {}),
      ...(described.error ? { error: described.error } : {}),
      ...(described.cause ? { cause: described.cause } : {}),
      ...(described.redriveCount ? { redriveCount: described.redriveCount } : {}),
      ...(described.redriveStatus ? { redriveStatus: described.redriveStatus } : {}),
      ...(described.redriveStatusReason ? { redriveStatusReason: described.redriveStatusReason } : {}),
    };
    if (described.mapRunArn) {
      const run = await this.call('DescribeMapRun', () => this.client.send(new DescribeMapRunCommand({ mapRunArn: described.mapRunArn })));
      const parent = run.executionArn?.split(':').pop();
      if (parent) record.parent = { machine, name: parent, state: mapStateOf(described.mapRunArn) };
    }
    if (express) {
      const definition = (await this.machines()).find((entry) => entry.name === machine);
      record.express = { ...(definition?.logGroup ? { logGroup: definition.logGroup } : {}) };
      record.definition = definition?.definition;
      return record;
    }
    const forExecution = await this.call('DescribeStateMachineForExecution', () => this.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: arn })));
    record.definition = parsed(forExecution.definition);
    await this.addChildren(machine, record);
    return record;
  }

  /** ListMapRuns + DescribeMapRun + ListExecutions(mapRunArn): the child executions, linked as local children are. */
  private async addChildren(machine: string, record: StageExecution): Promise<void> {
    const runs = await this.mapRunsOf(record.executionArn);
    if (!runs.mapRuns?.length) return;
    record.children = [];
    record.mapRuns = [];
    for (const run of runs.mapRuns) {
      if (!run.mapRunArn) continue;
      const state = mapStateOf(run.mapRunArn);
      const described = await this.call('DescribeMapRun', () => this.client.send(new DescribeMapRunCommand({ mapRunArn: run.mapRunArn })));
      const items = Object.fromEntries(Object.entries(described.executionCounts ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
      record.mapRuns.push({ state, status: described.status ?? 'RUNNING', items });
      let nextToken: string | undefined;
      do {
        const page = await this.childrenPage(run.mapRunArn, nextToken);
        for (const item of page.executions ?? []) {
          if (!item.name || !item.executionArn) continue;
          this.childArns.set(`${machine}/${item.name}`, item.executionArn);
          if (record.children.length < CHILDREN_SHOWN) record.children.push({ name: item.name, state, status: item.status ?? 'RUNNING', executionArn: item.executionArn });
        }
        nextToken = record.children.length < CHILDREN_SHOWN ? page.nextToken : undefined;
      } while (nextToken);
    }
    record.children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }

  private async hasDistributedMap(machine: string): Promise<boolean> {
    const definition = (await this.machines()).find((entry) => entry.name === machine)?.definition;
    return JSON.stringify(definition ?? {}).includes('"DISTRIBUTED"');
  }

  /** ListMapRuns of one execution (its Distributed Maps' runs). */
  async mapRunsOf(executionArn: string) {
    return this.call('ListMapRuns', () => this.client.send(new ListMapRunsCommand({ executionArn, maxResults: PAGE })));
  }

  /** One page of a Map Run's child executions. */
  async childrenPage(mapRunArn: string, nextToken?: string) {
    return this.call('ListExecutions', () => this.client.send(new ListExecutionsCommand({ mapRunArn, maxResults: PAGE, nextToken })));
  }

  /** One GetExecutionHistory page, as AWS gives it; newest first with `reverseOrder` (what a follower polls). */
  async historyPage(executionArn: string, nextToken?: string, reverseOrder = false) {
    return this.call('GetExecutionHistory', () => this.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: reverseOrder ? FOLLOW_PAGE : PAGE, nextToken, reverseOrder, includeExecutionData: true })));
  }

  /** A follower of the execution's history (sfn-follow.ts); undefined for an Express execution, which has none. */
  async follower(machine: string, name: string): Promise<HistoryFollower | undefined> {
    const arn = await this.executionArn(machine, name);
    return arn.includes(':express:') ? undefined : new HistoryFollower(this, arn);
  }

  /**
   * The history, converted, read to the end: a page may hold fewer events than asked
   * for and still carry a nextToken. Yields as pages arrive; holds no page after yielding it.
   */
  async *history(machine: string, name: string): AsyncGenerator<HistoryEvent> {
    const follower = await this.follower(machine, name);
    if (follower) yield* follower.all();
  }

  /** RedriveExecution: the same execution runs again from its unsuccessful states. */
  async redrive(machine: string, name: string): Promise<{ executionArn: string; redriveDate?: string }> {
    const arn = await this.executionArn(machine, name);
    // Step Functions redrives a Distributed Map's Express children only through their parent.
    if (arn.includes(':express:')) throw new ValidationError(`${name} is an Express child of a Distributed Map: redrive its parent, which runs the failed children again`);
    const result = await this.call('RedriveExecution', () => this.client.send(new RedriveExecutionCommand({ executionArn: arn })));
    return { executionArn: arn, ...(result.redriveDate ? { redriveDate: iso(result.redriveDate) } : {}) };
  }
}
