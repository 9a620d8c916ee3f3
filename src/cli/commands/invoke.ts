import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { printJson, readJsonArgument, type CommandContext } from '../io.js';

export function registerInvoke(program: Command, context: CommandContext): void {
  program
    .command('invoke')
    .description('run one function of src/handlers locally as Lambda would, print its result JSON, and wait for the executions and messages it started')
    .argument('<function>', 'function name, e.g. client_ingest')
    .requiredOption('-e, --event <file>', 'event JSON file, or - for stdin')
    .option('--no-wait', 'return without waiting for started executions')
    .action(async (name: string, options: { event: string; wait: boolean }) => {
      const event = await readJsonArgument(options.event === '-' ? '-' : `@${options.event}`, context.io, '--event');
      const stack = await context.stack();
      if (!stack.functions.has(name)) throw new UsageError(`unknown function ${name} (known: ${stack.functions.names().join(', ')})`);
      const result = await stack.functions.invoke(name, event).catch((error: Error) => {
        throw new UsageError(`${name} failed: ${error.name}: ${error.message}`);
      });
      if (options.wait) await stack.settle();
      printJson(context.io, result);
    });
}
