import type { HistoryEvent } from '../../ports/execution-history.js';
import type { StageExecution, StageExecutions } from '../../adapters/aws/sfn-stage.js';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { environment } from '../../shared/config.js';
import { ConfigError, UsageError } from '../../shared/errors.js';
import { printJson, processIo, type CommandContext } from '../io.js';
import { describeEvent, kebabOf, typeWidth } from '../execution-text.js';
import { parseSince } from '../../local/devserver/query.js';

/** `--stage S [--region R]`: the options every stage command takes. */
export interface StageOptions {
  stage: string;
  region?: string;
}

/**
 * The stage's executions through the Step Functions API, with the caller's usual credentials (AWS_ENDPOINT_URL_SFN
 * honoured). A stage with none of its machines deployed (a mistyped name, another region or account) is one line.
 */
export async function openStage(options: StageOptions): Promise<StageExecutions> {
  // The SDK's notice that its 2027 versions need Node 22 is not about the versions installed here: one-line output stays one line.
  (await import('../../service/sdk-node-warning.js')).quietSdkNodeWarning();
  const [{ StageExecutions, stageNames }, { SFNClient }] = await Promise.all([import('../../adapters/aws/sfn-stage.js'), import('@aws-sdk/client-sfn')]);
  // Throttled calls are retried by the SDK with backoff (standard mode); 8 attempts ride out a burst.
  const stage = new StageExecutions(await stageNames(options.stage), new SFNClient({ maxAttempts: 8, ...(options.region ? { region: options.region } : {}) }));
  const arns = await stage.machineArns().catch((error: unknown) => {
    // The SDK says only "could not load credentials": a mistyped AWS_PROFILE is named instead.
    const profile = environment().AWS_PROFILE;
    if (error instanceof ConfigError && error.keys.includes('AWS credentials') && profile && !profileExists(profile)) throw new ConfigError(['AWS_PROFILE'], undefined, `profile ${profile} not found (~/.aws/config, ~/.aws/credentials)`);
    throw error;
  });
  if (!arns.size) throw new UsageError(`no machine of stage ${options.stage} found (looked for ${stage.fullName('<machine>')}: ${stage.names.machines.join(', ')}); check the stage name, AWS_REGION / --region and the account`);
  return stage;
}

/** Whether the shared config or credentials file has the profile (`[profile p]` or `[p]`), as the SDK reads them. */
function profileExists(profile: string): boolean {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const sections = `${read(environment().AWS_CONFIG_FILE ?? path.join(homedir(), '.aws', 'config'))}\n${read(environment().AWS_SHARED_CREDENTIALS_FILE ?? path.join(homedir(), '.aws', 'credentials'))}`;
  return sections.split('\n').some((line) => [`[${profile}]`, `[profile ${profile}]`].includes(line.trim().replace(/\s+/g, ' ')));
}

/** A machine of the stage by its file name or the docs' name (CsvSummary is csv-summary), as the local commands take it. */
function machineOf(stage: StageExecutions, machine: string): string {
  return stage.names.machines.includes(machine) ? machine : kebabOf(machine);
}

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
/** `--since 1d` (m, h, d, w) or a date: the oldest start date listed. */
export function sinceDate(value: string, now = Date.now()): Date {
  const date = parseSince(value, now);
  if (!date) throw new UsageError(`--since must look like 30m, 12h, 1d, 2w or 2026-12-01 (got ${JSON.stringify(value.slice(0, 40))})`);
  return date;
}

function statusOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const status = value.toUpperCase();
  if (!STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  return status;
}

export async function stageList(context: CommandContext, options: StageOptions & { machine?: string; status?: string; since?: string; json?: boolean }): Promise<void> {
  const status = statusOption(options.status);
  const since = options.since ? sinceDate(options.since) : undefined;
  const stage = await openStage(options);
  const only = options.machine === undefined ? undefined : machineOf(stage, options.machine);
  // An Express machine has no list to read: the note is the answer, not a usage error.
  if (only && (await stage.expressMachines()).includes(only)) return context.io.err(`fluxo: ${await stage.expressNote(only)}`);
  const rows = (await stage.list({ machine: only, status, since })).map(({ machine, name, status: state, startDate, stopDate }) => ({ machine, name, status: state, startDate, stopDate }));
  if (options.json) return printJson(context.io, rows);
  for (const row of rows) context.io.out(`${row.startDate}  ${row.status.padEnd(9)}  ${row.machine}/${row.name}`);
  if (!rows.length) context.io.out(`no executions in stage ${options.stage}${status ? ` with status ${status}` : ''}${since ? ` since ${since.toISOString()}` : ''}`);
  if (!options.machine) for (const machine of await stage.expressMachines()) context.io.err(`fluxo: ${await stage.expressNote(machine)}`);
}

/** A value on one line, cut at {@link SHOWN} characters (`--json` prints it whole). */
const SHOWN = 200;
function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}… (${text.length} characters; --json for all of it)` : text;
}

function header(record: StageExecution): string[] {
  const lines = [`${record.machine}/${record.name}: ${record.status}  (started ${record.startDate}${record.stopDate ? `, stopped ${record.stopDate}` : ''})`, `  ${record.executionArn}`];
  if (record.parent) lines.push(`  child of ${record.parent.name} (Distributed Map ${record.parent.state})`);
  lines.push(`  input   ${brief(record.input)}`);
  if (record.output !== undefined) lines.push(`  output  ${brief(record.output)}`);
  if (record.error) lines.push(`  ${record.error}${record.cause ? `: ${record.cause.slice(0, 300)}` : ''}`);
  // A Distributed Map child reruns only through its parent; a running execution has nothing to redrive yet.
  if (record.parent) lines.push(`  redrive: through its parent ${record.parent.name}`);
  else if (record.redriveStatus && record.status !== 'RUNNING') lines.push(`  redrive: ${record.redriveStatus}${record.redriveCount ? ` (redriven ${record.redriveCount}x)` : ''}`);
  for (const run of record.mapRuns ?? []) lines.push(`  map run ${run.state}: ${run.status}, ${Object.entries(run.items).map(([key, count]) => `${key} ${count}`).join(', ')}`);
  for (const child of record.children ?? []) lines.push(`  child ${child.name}  ${child.status}  (${child.state})  ${child.executionArn}`);
  if (record.express) lines.push(`  Express execution: Step Functions keeps no history for it; its events are in ${record.express.logGroup ? `the log group ${/:log-group:([^:]+)/.exec(record.express.logGroup)?.[1] ?? record.express.logGroup}` : 'its machine\'s log group, if one is set'}`);
  return lines;
}

/** Events held before the first is printed, to size the type column: one GetExecutionHistory page at most. */
const HELD = 1000;

/** One execution and its whole history, printed as it is read (histories run to 25 000 events). */
export async function stageShow(context: CommandContext, given: string, name: string, options: StageOptions & { json?: boolean; follow?: boolean }): Promise<void> {
  if (options.json && options.follow) throw new UsageError('--follow prints text as the execution goes on; leave out --json (or run show --json once it stopped)');
  const stage = await openStage(options);
  const machine = machineOf(stage, given);
  if ((await stage.expressMachines()).includes(machine)) return context.io.err(`fluxo: ${await stage.expressNote(machine)}`);
  const { definition: _definition, ...record } = await stage.describe(machine, name);
  if (options.json) {
    const head = JSON.stringify(record, null, 2);
    context.io.out(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "events": [`);
    let first = true;
    for await (const event of stage.history(machine, name)) {
      context.io.out(`${first ? '' : ','}    ${JSON.stringify(event)}`);
      first = false;
    }
    context.io.out('  ]\n}');
    return;
  }
  for (const line of header(record)) context.io.out(line);
  // The type column is as wide as the longest type read before printing (a history page, up to 1000 events, is held
  // for that); a longer type arriving later widens it from there on.
  let width = 0;
  const print = (event: HistoryEvent) => {
    width = Math.max(width, event.type.length);
    context.io.out(describeEvent(event, width));
    if (event.type === 'StateEntered' && event.input !== undefined) context.io.out(`       input   ${brief(event.input)}`);
    if (event.type === 'StateExited' && event.output !== undefined) context.io.out(`       output  ${brief(event.output)}`);
  };
  const follower = await stage.follower(machine, name);
  if (!follower) {
    // An Express child has no history to follow: its status is all there is, and --follow exits by it as everywhere.
    if (options.follow) {
      if (record.status === 'RUNNING') context.io.err('fluxo: an Express execution has no history to follow; its events are in its log group');
      if (record.status !== 'SUCCEEDED') context.setCode?.(1);
    }
    return;
  }
  const held: HistoryEvent[] = [];
  let holding = true;
  for await (const event of follower.all()) {
    if (!holding) print(event);
    else if (held.push(event) >= HELD) {
      holding = false;
      width = typeWidth(held);
      held.splice(0).forEach(print);
    }
  }
  width = typeWidth(held, width);
  held.forEach(print);
  if (!options.follow) return;
  // Only what is new, newest-first pages back to the last event printed: 2 s after a change, backing off to 30 s.
  const { FOLLOW_POLL } = await import('../../adapters/aws/sfn-follow.js');
  let delay = FOLLOW_POLL.firstMs;
  while (!follower.ended) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const events = await follower.newer();
    events.forEach(print);
    delay = events.length ? FOLLOW_POLL.firstMs : Math.min(delay * 2, FOLLOW_POLL.maxMs);
  }
  const ended = await stage.describe(machine, name);
  context.io.out(`${ended.machine}/${ended.name}: ${ended.status}${ended.stopDate ? `  (stopped ${ended.stopDate})` : ''}${ended.error ? `  ${ended.error}${ended.cause ? `: ${ended.cause.slice(0, 300)}` : ''}` : ''}`);
  if (ended.output !== undefined) context.io.out(`  output  ${brief(ended.output)}`);
  if (ended.status !== 'SUCCEEDED') context.setCode?.(1);
}

/** What RedriveExecution will run again (src/adapters/aws/sfn-redrive-plan.ts): the same preview the console shows before it asks. */
export async function redrivePlan(stage: StageExecutions, machine: string, name: string): Promise<{ record: StageExecution; lines: string[] }> {
  const record = await stage.describe(machine, name);
  if (record.express) throw new UsageError(`${record.name} is an Express child of a Distributed Map: redrive its parent${record.parent ? ` (fluxo executions redrive ${machine} ${record.parent.name} --stage ${stage.names.stage})` : ''}, which runs the failed children again`);
  if (record.redriveStatus && record.redriveStatus !== 'REDRIVABLE' && record.redriveStatus !== 'REDRIVABLE_BY_MAP_RUN') {
    throw new UsageError(`${machine}/${name} cannot be redriven: ${record.redriveStatus}${record.redriveStatusReason ? ` (${record.redriveStatusReason})` : ''}`);
  }
  const { redrivePlan: plan } = await import('../../adapters/aws/sfn-redrive-plan.js');
  const events: HistoryEvent[] = [];
  for await (const event of stage.history(machine, name)) if (event.stateName) events.push({ ...event, input: undefined, output: undefined });
  return { record, lines: plan(record, events, stage.fullName(machine)).lines };
}

async function confirm(context: CommandContext, question: string): Promise<boolean> {
  let answer: string;
  if (context.io === processIo && process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    answer = await prompt.question(question);
    prompt.close();
  } else {
    context.io.err(question);
    answer = (await context.io.stdin()).split('\n')[0] ?? '';
  }
  return /^y(es)?$/i.test(answer.trim());
}

export async function stageRedrive(context: CommandContext, given: string, name: string, options: StageOptions & { yes?: boolean; json?: boolean }): Promise<void> {
  const stage = await openStage(options);
  const machine = machineOf(stage, given);
  const { lines, record } = await redrivePlan(stage, machine, name);
  for (const line of lines) context.io.err(line);
  if (!options.yes && !(await confirm(context, `Redrive ${machine}/${name} in stage ${options.stage}? [y/N] `))) {
    context.io.err('not redriven (answer y, or pass --yes)');
    context.setCode?.(1);
    return;
  }
  const result = await stage.redrive(machine, name);
  // The execution's name, not the ARN it may have been given by; text as show prints it, --json for JSON.
  if (options.json) printJson(context.io, { machine, name: record.name, status: 'RUNNING', ...result });
  else context.io.out(`${machine}/${record.name}: RUNNING again, redriven${result.redriveDate ? ` ${result.redriveDate}` : ''}\n  ${result.executionArn}`);
  context.io.err(`follow it: fluxo executions show ${machine} ${record.name} --stage ${options.stage} --follow`);
}
