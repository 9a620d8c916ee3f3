import type { Command } from 'commander';
import type { CommandContext } from '../io.js';

export function registerGenerate(program: Command, context: CommandContext): void {
  const generate = program.command('generate').description('scaffold code');
  generate
    .command('function')
    .description('scaffold a function: use case, port (in Deps), local adapter (in local composition), AWS adapter skeleton and provider, handler, unit test, manifest and serverless.yml entries')
    .argument('<name>', 'snake_case <flow>_<what>, e.g. billing_import')
    .requiredOption('-k, --kind <kind>', 'one of sqs, http, task, scheduled')
    .option('--root <dir>', 'project root', '.')
    .action(async (name: string, options: { kind: string; root: string }) => {
      const { generateFunction } = await import('../generate/generate.js');
      const files = await generateFunction(options.root, name, options.kind);
      for (const file of files) context.io.out(`wrote ${file}`);
      // A running dev server loaded its functions when it started: say so before `fluxo invoke` says "unknown function".
      const { localSettings } = await import('../../local/stack/settings.js');
      const { findDevServer } = await import('../forward.js');
      const dev = await findDevServer(localSettings().home);
      if (dev) context.io.out(`fluxo dev (pid ${dev.pid}) loaded its functions at start: restart it to invoke ${name}`);
    });
}
