import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import type { CommandContext } from '../io.js';

export function registerConsole(program: Command, context: CommandContext): void {
  program
    .command('console')
    .description("the console's execution pages for a deployed stage (Step Functions, your AWS credentials); the local console is `fluxo dev`")
    .requiredOption('--stage <stage>', 'the deployed stage, e.g. dev (its machines are fluxo-<stage>-<machine>)')
    .option('-p, --port <port>', 'port on 127.0.0.1 (0: any free one)', '3001')
    .option('--region <region>', 'AWS region (default: your AWS configuration)')
    .action(async (options: { stage: string; port: string; region?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port ${options.port}`);
      const [{ openStage }, { createStageConsole }, { listen }, { DevCredentials }] = await Promise.all([import('./stage.js'), import('../stage-console/server.js'), import('../../local/devserver/http.js'), import('../../local/devserver/guard.js')]);
      // Fails before printing a URL when the credentials cannot even list the stage's machines.
      const stage = await openStage(options);
      const credentials = new DevCredentials(randomBytes(32).toString('hex'));
      const server = createStageConsole(stage, { credentials });
      const bound = await listen(server, port).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'EADDRINUSE' ? `port ${port} is in use; try --port ${port + 1}` : error.message);
      });
      // Jupyter's model, as fluxo dev: the link signs one browser in, once.
      context.io.out(`fluxo console: stage ${options.stage} (${[...(await stage.machineArns()).keys()].join(', ')}) at http://localhost:${bound}/login?token=${credentials.mintLogin()}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      server.closeAllConnections();
      server.close();
    });
}
