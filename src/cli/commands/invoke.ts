import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ExecutionRecord } from '../../local/engine/execution-store.js';
import { UsageError } from '../../shared/errors.js';
import { isFunctionName, manifest } from '../../handlers/manifest.js';
import { eventShapeProblem } from '../../platform/kinds/event-shape.js';
import { printJson, readJsonArgument, type CommandContext } from '../io.js';

function startedLine(record: ExecutionRecord): string {
  const brief = (value: unknown) => {
    const text = JSON.stringify(value) ?? 'null';
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
  const outcome = record.status === 'SUCCEEDED' ? ` -> ${brief(record.output)}` : record.error ? `: ${record.error}${record.cause ? ` - ${record.cause.slice(0, 200)}` : ''}` : '';
  return `started ${record.machine}/${record.name}: ${record.status}${outcome}`;
}

export function registerInvoke(program: Command, context: CommandContext): void {
  program
    .command('invoke')
    .description('run one function of src/handlers locally as Lambda would, print its result JSON, and wait for the executions and messages it started')
    .argument('<function>', 'function name, e.g. client_ingest')
    .requiredOption('-e, --event <file>', 'event JSON file, or - for stdin')
    .option('--no-wait', 'return without waiting for started executions')
    .action(async (name: string, options: { event: string; wait: boolean }) => {
      const event = await readJsonArgument(options.event === '-' ? '-' : `@${options.event}`, context.io, '--event');
      // An event of another shape would run and do nothing (an SQS function given a bare message handles no record).
      const problem = isFunctionName(name) ? eventShapeProblem(manifest[name].kind, name, event) : undefined;
      if (problem) throw new UsageError(problem);
      const stack = await context.stack();
      if (!stack.functions.has(name)) {
        // Written by `fluxo generate` after this process (a running `fluxo dev`) loaded the manifest.
        if (existsSync(path.resolve('src/handlers', `${path.basename(name)}.ts`))) throw new UsageError(`function ${name} was added after fluxo dev started: restart fluxo dev to load it`);
        throw new UsageError(`unknown function ${name} (known: ${stack.functions.names().join(', ')})`);
      }
      const before = new Set((await stack.engine.store.list()).map((record) => record.executionArn));
      const result = await stack.functions.invoke(name, event).catch((error: Error) => {
        throw new UsageError(`${name} failed: ${error.name}: ${error.message}`);
      });
      if (options.wait) await stack.settle();
      // What it set off, on stderr (stdout stays the result JSON): each execution it started and how it ended.
      const started = (await stack.engine.store.list()).filter((record) => !before.has(record.executionArn) && !record.parent);
      for (const record of started.reverse()) context.io.err(startedLine(record));
      if (!started.length) context.io.err(`${name}: started no execution`);
      printJson(context.io, result);
    });
}
