import type { Command } from 'commander';
import type { CommandContext } from '../io.js';

export function registerGenerate(program: Command, context: CommandContext): void {
  const generate = program.command('generate').description('scaffold code');
  generate
    .command('function')
    .description('scaffold a function: handler, use case, port, stub adapter, unit test, manifest and serverless.yml entries')
    .argument('<name>', 'snake_case <flow>_<what>, e.g. billing_import')
    .requiredOption('-k, --kind <kind>', 'one of sqs, http, task, scheduled')
    .option('--root <dir>', 'project root', '.')
    .action(async (name: string, options: { kind: string; root: string }) => {
      const { generateFunction } = await import('../generate/generate.js');
      const files = await generateFunction(options.root, name, options.kind);
      for (const file of files) context.io.out(`wrote ${file}`);
    });
}
