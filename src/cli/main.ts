import path from 'node:path';
import { Command, CommanderError } from 'commander';
import type { LocalStack } from '../local/stack/compose.js';
import { localSettings } from '../local/stack/settings.js';
import { classify, oneLine, UsageError, ValidationError, NotFoundError, ConfigError, ForbiddenError } from '../shared/errors.js';
import { registerAssistant } from './commands/assistant.js';
import { registerClients } from './commands/clients.js';
import { registerConsole } from './commands/console.js';
import { registerConsume } from './commands/consume.js';
import { registerCsv, registerSummaries } from './commands/csv.js';
import { registerDev } from './commands/dev.js';
import { registerGenerate } from './commands/generate.js';
import { registerInvoke } from './commands/invoke.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReplay } from './commands/replay.js';
import { registerRun } from './commands/run.js';
import { ownDataFolder } from './dev-lock.js';
import { findDevServer, forward } from './forward.js';
import { captureIo, processIo, type CommandContext, type Io } from './io.js';
import { environment } from '../shared/config.js';

/** Commands that use the local stack: forwarded to `fluxo dev` when it runs, since it owns the database and queues. */
const STACK_COMMANDS = new Set(['run', 'invoke', 'executions', 'migrate', 'publish', 'clients', 'upload', 'summaries', 'chat', 'expenses', 'replay']);

/** File arguments are read by the dev server when forwarded: make them absolute first. */
function absolutePaths(argv: string[]): string[] {
  return argv.map((arg, index) => {
    if (index > 0 && ['--audio', '--event'].includes(argv[index - 1] ?? '') && arg !== '-') return path.resolve(arg);
    if (index === 1 && argv[0] === 'upload') return path.resolve(arg);
    if (arg.startsWith('@') && arg.length > 1) return `@${path.resolve(arg.slice(1))}`;
    return arg;
  });
}

export interface CliOptions {
  io?: Io;
  /** A stack to use (the dev server's); otherwise one is opened for the command and closed after. */
  stack?: LocalStack;
}

function build(context: CommandContext, setCode: (code: number) => void, runInProcess: (stack: LocalStack) => ReturnType<typeof inProcessRunner>): Command {
  const program = new Command('fluxo')
    .description('fluxo: AWS Step Functions workflows, run locally with nothing but Node')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => context.io.out(text.trimEnd()), writeErr: (text) => context.io.err(text.trimEnd()) });
  registerDev(program, context, runInProcess);
  registerRun(program, context, setCode);
  registerInvoke(program, context);
  registerMigrate(program, context);
  registerGenerate(program, context);
  registerConsume(program, context);
  registerConsole(program, context);
  registerClients(program, context);
  registerCsv(program, context);
  registerSummaries(program, context);
  registerAssistant(program, context);
  registerReplay(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** `--stage` / `--database-url` (either `--x V` or `--x=V`) reach another database or stage with the caller's credentials: never inside the dev server. */
const REMOTE_OPTIONS = ['--stage', '--database-url'];
const remote = (argv: string[]): boolean => argv.some((arg) => REMOTE_OPTIONS.some((option) => arg === option || arg.startsWith(`${option}=`)));

/** Whether a command runs inside the dev server: stack commands only (no dev, generate, consume, nothing naming a stage or another database). */
export function forwardable(argv: string[]): boolean {
  return STACK_COMMANDS.has(argv[0] ?? '') && !remote(argv);
}

function inProcessRunner(stack: LocalStack) {
  return async (argv: string[], stdin?: string) => {
    if (!forwardable(argv)) throw new ForbiddenError(`fluxo ${argv[0] ?? ''} does not run inside the dev server`.slice(0, 200));
    const io = captureIo(stdin);
    const code = await runCli(argv, { io, stack });
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };
}

/** Runs `fluxo <argv>`; returns the exit code (0 ok, 1 failed, 2 bad usage or input). */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let opened: LocalStack | undefined;
  const context: CommandContext = {
    io,
    stack: async () => {
      if (options.stack) return options.stack;
      if (!opened) {
        const settings = localSettings();
        await ownDataFolder(settings.home);
        const [{ createLocalStack }, { createLogger }] = await Promise.all([import('../local/stack/compose.js'), import('../platform/logger.js')]);
        // Command output is data: only warnings and errors go to stderr.
        opened = await createLocalStack({ ...settings, logger: createLogger({ service: 'fluxo', level: environment().LOG_LEVEL ?? 'warn', destination: process.stderr }) });
      }
      return opened;
    },
  };
  if (!options.stack && forwardable(argv) && !argv.includes('--help') && !argv.includes('-h')) {
    const lock = await findDevServer(localSettings().home, (line) => io.err(line));
    if (lock) {
      // A `-` argument (`run --input -`, `invoke --event -`, `publish client -`) reads stdin: here, not in the server.
      const stdin = argv.slice(1).includes('-') ? await io.stdin() : undefined;
      const result = await forward(lock, absolutePaths(argv), stdin);
      if (result.stdout) io.out(result.stdout);
      if (result.stderr) io.err(result.stderr);
      return result.code;
    }
  }
  let code = 0;
  context.setCode = (value) => (code = value);
  const program = build(context, (value) => (code = value), inProcessRunner);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (raw) {
    if (raw instanceof CommanderError) return raw.exitCode === 0 ? 0 : 2;
    const error = classify(raw);
    io.err(`fluxo: ${oneLine(error)}`);
    code = error instanceof UsageError || error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConfigError ? 2 : 1;
  } finally {
    if (opened) {
      await opened.settle();
      await opened.close();
    }
  }
  return code;
}

/** What a command named in prose may leave out: its arguments and option values ("`fluxo summarize` reads..."). */
const LEFT_OUT = new Set(['commander.missingArgument', 'commander.optionMissingArgument', 'commander.missingMandatoryOptionValue', 'commander.help']);

/**
 * What is wrong with a `fluxo` command line as the CLI parses it (an unknown command or
 * option, a missing argument or value, one too many), without running it: every command's
 * action is a no-op here and no stack is opened. Undefined when it parses. With
 * `reference`, only the command and the options named must exist. The docs test checks
 * each `fluxo ...` line of README.md and docs/ with it.
 */
export async function parseProblem(argv: string[], { reference = false } = {}): Promise<string | undefined> {
  const io = captureIo();
  const context: CommandContext = { io, stack: () => Promise.reject(new Error('a parse check opens no stack')) };
  const program = build(context, () => undefined, inProcessRunner);
  const leaves = (command: Command): Command[] => (command.commands.length ? command.commands.flatMap(leaves) : [command]);
  for (const leaf of program.commands.flatMap(leaves)) leaf.action(() => undefined);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (raw) {
    if (raw instanceof CommanderError && (raw.exitCode === 0 || (reference && LEFT_OUT.has(raw.code)))) return undefined;
    return io.stderr.join('\n').split('\n')[0] || oneLine(classify(raw));
  }
}
