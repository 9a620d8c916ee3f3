import type { Command } from 'commander';
import { generateFunction, KINDS } from '../generate/generate.js';
import type { CommandContext } from '../io.js';

export function registerGenerate(program: Command, context: CommandContext): void {
  const generate = program.command('generate').description('scaffold code');
  generate
    .command('function')
    .description('scaffold a function: handler, use case, port, stub adapter, unit test, registry and serverless.yml entries')
    .argument('<name>', 'snake_case <flow>_<what>, e.g. billing_import')
    .requiredOption('-k, --kind <kind>', `one of ${KINDS.join(', ')}`)
    .option('--root <dir>', 'project root', '.')
    .action(async (name: string, options: { kind: string; root: string }) => {
      const files = await generateFunction(options.root, name, options.kind);
      for (const file of files) context.io.out(`wrote ${file}`);
    });
}
