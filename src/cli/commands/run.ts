import type { Command } from 'commander';
import type { ExecutionRecord } from '../../ports/execution-history.js';
import { UsageError } from '../../shared/errors.js';
import { printJson, readJsonArgument, type CommandContext } from '../io.js';
import { describeEvent, kebabOf, renderExecution, typeWidth } from '../execution-text.js';

/** A machine of statemachines/ by its file name or the PascalCase alias, or a one-line UsageError naming the file that is missing. */
async function requireMachine(stack: Awaited<ReturnType<CommandContext['stack']>>, machine: string): Promise<string> {
  for (const name of new Set([machine, kebabOf(machine)])) {
    if (await stack.engine.definition(name).then(() => true, () => false)) return name;
  }
  throw new UsageError(`unknown machine ${machine}: no statemachines/${machine}.asl.json`);
}

function report(context: CommandContext, record: ExecutionRecord, history: boolean): number {
  if (history) {
    context.io.err(`execution ${record.machine}/${record.name}: ${record.status}`);
    const width = typeWidth(record.events);
    for (const event of record.events) context.io.err(describeEvent(event, width));
  }
  if (record.status === 'SUCCEEDED') {
    printJson(context.io, record.output ?? null);
    return 0;
  }
  context.io.err(`execution ${record.name} ${record.status}: ${record.error ?? ''}${record.cause ? ` - ${record.cause}` : ''}`);
  return 1;
}

export function registerRun(program: Command, context: CommandContext, setCode: (code: number) => void): void {
  program
    .command('run')
    .description('run a state machine of statemachines/ on the local engine and print its output JSON')
    .argument('<machine>', 'machine name, e.g. hello for statemachines/hello.asl.json')
    .option('-i, --input <json>', 'input as JSON, @file or - for stdin', '{}')
    .option('-n, --name <name>', 'execution name (unique per machine)')
    .option('--history', 'print the execution events (to stderr)')
    .action(async (machine: string, options: { input: string; name?: string; history?: boolean }) => {
      const input = await readJsonArgument(options.input, context.io, '--input');
      const stack = await context.stack();
      const record = await stack.engine.run(await requireMachine(stack, machine), input, options.name);
      setCode(report(context, record, options.history ?? false));
    });

  const executions = program.command('executions').description('inspect local executions, or a deployed stage\'s (--stage)');
  const stage = () => import('./stage.js');
  executions
    .command('list')
    .description('list executions, newest first')
    .option('-m, --machine <machine>', 'only this machine')
    .option('--json', 'print JSON')
    .option('--stage <stage>', "a deployed stage's executions (Step Functions, your AWS credentials)")
    .option('--status <status>', 'with --stage: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE')
    .option('--since <when>', 'with --stage: started since 30m, 12h, 1d, 2w or a date')
    .option('--region <region>', 'with --stage: AWS region (default: your AWS configuration)')
    .action(async (options: { machine?: string; json?: boolean; stage?: string; status?: string; since?: string; region?: string }) => {
      if (options.stage !== undefined) return (await stage()).stageList(context, { ...options, stage: options.stage });
      // Local executions filter by machine only: a stage option without --stage is said, not ignored.
      const stageOnly = (['status', 'since', 'region'] as const).filter((key) => options[key] !== undefined);
      if (stageOnly.length) throw new UsageError(`${stageOnly.map((key) => `--${key}`).join(', ')}: with --stage S only (local executions filter by --machine)`);
      const stack = await context.stack();
      const machine = options.machine ? await requireMachine(stack, options.machine) : undefined;
      const records = await stack.engine.store.list(machine);
      const rows = records.map(({ machine, name, status, startDate, stopDate, error, parent }) => ({ machine, name, status, startDate, stopDate, error, ...(parent ? { parent: parent.name, mapState: parent.state } : {}) }));
      if (options.json) return printJson(context.io, rows);
      if (!rows.length) return context.io.out(`no executions${options.machine ? ` of ${options.machine}` : ''} yet`);
      for (const row of rows) context.io.out(`${row.startDate}  ${row.status.padEnd(9)}  ${row.machine}/${row.name}${row.error ? `  ${row.error}` : ''}${'parent' in row ? `  (child of ${row.parent}, ${row.mapState})` : ''}`);
    });
  executions
    .command('show')
    .description('print one execution with its history (and the child executions of its Distributed Maps)')
    .argument('<machine>')
    .argument('<name>')
    .option('--stage <stage>', "a deployed stage's execution (DescribeExecution and the whole history)")
    .option('--region <region>', 'with --stage: AWS region')
    .option('--json', 'print the whole record as JSON (input, output, every event)')
    .option('-f, --follow', 'with --stage: keep printing new events until the execution stops (exit 1 unless it succeeded)')
    .action(async (machine: string, name: string, options: { stage?: string; region?: string; json?: boolean; follow?: boolean }) => {
      if (options.stage !== undefined) return (await stage()).stageShow(context, machine, name, { ...options, stage: options.stage });
      if (options.follow) throw new UsageError('--follow is for a deployed stage (--stage S); a local run is followed in the console, or printed as it ends by fluxo run --history');
      const stack = await context.stack();
      const record = await stack.engine.store.withChildren(await requireMachine(stack, machine), name);
      context.io.out(options.json ? JSON.stringify(record, null, 2) : renderExecution(record));
    });
  executions
    .command('redrive')
    .description('run a failed, aborted or timed-out execution again from where it stopped. Locally: a new execution <name>-redrive-N starts at the state that stopped it (a Distributed Map there reruns only its children that did not succeed), runs to the end, and is printed. With --stage S: Step Functions RedriveExecution runs the deployed execution again in place (same name and input; only its unsuccessful states, and a Distributed Map\'s unsuccessful children); what will run again is printed first and you are asked to confirm (--yes: do not ask)')
    .argument('<machine>')
    .argument('<name>')
    .option('--stage <stage>', 'a deployed stage: RedriveExecution in place, after showing what will run again')
    .option('--region <region>', 'with --stage: AWS region')
    .option('-y, --yes', 'with --stage: do not ask for confirmation')
    .option('--json', 'with --stage: print the result as JSON (locally it always is)')
    .action(async (machine: string, name: string, options: { stage?: string; region?: string; yes?: boolean; json?: boolean }) => {
      if (options.stage !== undefined) return (await stage()).stageRedrive(context, machine, name, { ...options, stage: options.stage });
      const stack = await context.stack();
      const { done } = await stack.engine.redrive(await requireMachine(stack, machine), name);
      const record = await done;
      printJson(context.io, { name: record.name, status: record.status, redriveFrom: record.redriveFrom, output: record.output, error: record.error, cause: record.cause });
      if (record.status !== 'SUCCEEDED') context.setCode?.(1);
    });
}
