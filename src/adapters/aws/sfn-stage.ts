import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
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
import type { ExecutionRecord, HistoryEvent } from '../../ports/execution-history.js';
import { ConfigError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { HistoryConverter, value as parsed } from './sfn-history.js';

const SERVERLESS_YML = fileURLToPath(new URL('../../../serverless.yml', import.meta.url));

/** A deployed stage's machines as serverless.yml names them: `<service>-<stage>-<machine>`. */
export interface StageNames {
  service: string;
  stage: string;
  /** The short names (`csv-summary`), as the local engine and the console call them. */
  machines: string[];
}

/** Reads `service:` and the `name: ${self:service}-${sls:stage}-<machine>` lines of serverless.yml. */
export async function stageNames(stage: string, file = SERVERLESS_YML): Promise<StageNames> {
  if (!/^[a-z0-9-]{1,32}$/.test(stage)) throw new ValidationError('--stage must be lower-case letters, digits and dashes');
  const yml = await readFile(file, 'utf8').catch(() => {
    throw new ConfigError(['serverless.yml'], 'not found beside the fluxo package');
  });
  const service = /^service:\s*([\w-]+)\s*$/m.exec(yml)?.[1];
  if (!service) throw new ConfigError(['service'], 'serverless.yml names no service');
  const machines = [...yml.matchAll(/^\s+name:\s*\$\{self:service\}-\$\{sls:stage\}-([\w-]+)\s*$/gm)].map((match) => match[1] ?? '');
  return { service, stage, machines };
}

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
  children?: { name: string; state: string; status: string; executionArn: string }[];
  mapRuns?: { state: string; status: string; items: Record<string, number> }[];
}

const PAGE = 1000;
const CHILDREN_SHOWN = 1000;

/** An SDK error as one line naming the action; a denied call becomes ForbiddenError, a missing execution NotFoundError. */
function explain(action: string, raw: unknown): Error {
  const error = raw as { name?: string; message?: string };
  const name = error.name ?? 'Error';
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnrecognizedClientException') return new ForbiddenError(`not allowed to call states:${action} (${name}): see docs/operations.md for the IAM policy`);
  if (name === 'ExecutionDoesNotExist' || name === 'StateMachineDoesNotExist' || name === 'ResourceNotFound') return new NotFoundError(`${action}: ${name}${error.message ? `: ${error.message.split('\n')[0]}` : ''}`);
  // The SDK's own "where are your credentials / region" failures: name what to set, not a stack.
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(error.message ?? '')) return new ConfigError(['AWS credentials'], 'none found in the environment, ~/.aws or SSO; run aws configure or aws sso login');
  if (/Region is missing/.test(error.message ?? '')) return new ConfigError(['AWS_REGION'], 'set it, a region in your AWS profile, or pass --region');
  if (name === 'ExecutionNotRedrivable') return new ValidationError(`${action}: ${error.message ?? name}`);
  return raw instanceof Error ? raw : new Error(String(raw));
}

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
    if (name.startsWith('arn:')) return name;
    const child = this.childArns.get(`${machine}/${name}`);
    if (child) return child;
    return `${(await this.arnOf(machine)).replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** One execution: DescribeExecution, the definition it ran, its Distributed Map children, its parent. */
  async describe(machine: string, name: string): Promise<StageExecution> {
    const arn = await this.executionArn(machine, name);
    const described = await this.call('DescribeExecution', () => this.client.send(new DescribeExecutionCommand({ executionArn: arn }))).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError(`no execution ${machine}/${name} in stage ${this.names.stage} (${this.fullName(machine)})`) : error;
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
    const runs = await this.call('ListMapRuns', () => this.client.send(new ListMapRunsCommand({ executionArn: record.executionArn, maxResults: PAGE })));
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
        const page = await this.call('ListExecutions', () => this.client.send(new ListExecutionsCommand({ mapRunArn: run.mapRunArn, maxResults: PAGE, nextToken })));
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

  /**
   * The history, converted, read to the end: a page may hold fewer events than asked
   * for and still carry a nextToken. Yields as pages arrive; holds no page after yielding it.
   */
  async *history(machine: string, name: string): AsyncGenerator<HistoryEvent> {
    const arn = await this.executionArn(machine, name);
    if (arn.includes(':express:')) return;
    const converter = new HistoryConverter();
    let nextToken: string | undefined;
    do {
      const page = await this.call('GetExecutionHistory', () => this.client.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: PAGE, nextToken, includeExecutionData: true })));
      for (const event of page.events ?? []) yield* converter.push(event);
      nextToken = page.nextToken;
    } while (nextToken);
    yield* converter.flush();
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
