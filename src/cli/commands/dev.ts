import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LocalStack } from '../../local/stack/compose.js';
import type { CliRunner } from '../../local/devserver/server.js';
import { localSettings } from '../../local/stack/settings.js';
import { UsageError } from '../../shared/errors.js';
import { ensureConsoleBuilt } from '../console-build.js';
import { ownDataFolder, takeDevLock } from '../dev-lock.js';
import { readDevLock, removeDevLock, writeDevLock } from '../forward.js';
import type { CommandContext } from '../io.js';
import { environment } from '../../shared/config.js';

/** How long Ctrl-C waits for executions in flight. */
const DRAIN_MS = 10_000;

export function registerDev(program: Command, context: CommandContext, runInProcess: (stack: LocalStack) => CliRunner): void {
  program
    .command('dev')
    .description('run the local stack (engine, queues, database) and the web console; what `npm start` runs')
    .option('-p, --port <port>', 'console port', environment().PORT ?? '3000')
    .action(async (options: { port: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port ${options.port}`);
      const settings = localSettings();
      await ownDataFolder(settings.home);
      // Before anything in the folder is opened: a second `fluxo dev` here stops now, with a fresh sign-in link for the first.
      const release = await takeDevLock(settings.home).catch(async (error: unknown) => {
        const link = await freshSignInLink(settings.home);
        if (link) context.io.out(`fluxo dev: sign in to the running console at ${link}`);
        throw error;
      });
      await ensureConsoleBuilt(context.io);
      const [{ createLocalStack }, { createDevServer, listen }, { InboxWatcher }, { DevCredentials }] = await Promise.all([
        import('../../local/stack/compose.js'),
        import('../../local/devserver/server.js'),
        import('../../local/stack/inbox.js'),
        import('../../local/devserver/guard.js'),
      ]);
      try {
        // The local WhatsApp webhook URL (what signatures are computed over) follows the chosen port.
        const stack = await createLocalStack({ ...settings, durable: true, env: port ? { ...environment(), PORT: String(port) } : environment() });
        await stack.deps.db();
        // What a stopped process left: executions still RUNNING are aborted and redriven; queue messages come back on their own.
        const recovered = await stack.engine.recoverAbandoned();
        if (recovered.length) context.io.out(`fluxo dev: ${recovered.length} execution${recovered.length === 1 ? '' : 's'} left running by a stopped process: aborted and redriven (${recovered.map((item) => `${item.machine}/${item.redrive}`).join(', ')})`);
        // Leftovers of a process killed mid-write; the token guards /api (other commands read it from dev.json).
        await stack.objects.removeLeftovers();
        const credentials = new DevCredentials(randomBytes(32).toString('hex'));
        const maxUploadMb = Number(environment().FLUXO_MAX_UPLOAD_MB ?? 512);
        const server = createDevServer(stack, runInProcess(stack), { credentials, maxUploadBytes: (maxUploadMb > 0 ? maxUploadMb : 512) * 1024 * 1024 });
        const bound = await listen(server, port).catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(error.code === 'EADDRINUSE' ? `port ${port} is in use; try --port ${port + 1}` : error.message);
        });
        const summaries = await stack.deps.summaries();
        const outcome = async (object: { bucket: string; key: string; etag: string }) => {
          const stored = (await summaries.list()).find((file) => file.bucket === object.bucket && file.key === object.key && file.etag === object.etag);
          return stored?.status;
        };
        const inbox = new InboxWatcher(path.join(settings.home, 'inbox'), stack.objects, outcome, stack.deps.logger);
        await inbox.start();
        await writeDevLock(settings.home, { pid: process.pid, port: bound, token: credentials.token });
        context.io.out(`fluxo dev: WhatsApp webhook ${stack.deps.config.WHATSAPP_WEBHOOK_URL ?? ''} (signed with ${stack.deps.config.TWILIO_AUTH_TOKEN && !environment().TWILIO_AUTH_TOKEN ? path.join(settings.home, 'dev-secrets.json') : 'TWILIO_AUTH_TOKEN'})`);
        // Jupyter's model: the link signs one browser in, once; `fluxo dev` run again here prints another.
        context.io.out(`fluxo dev: console at http://localhost:${bound}/login?token=${credentials.mintLogin()}  (data in ${settings.home}${settings.databaseUrl ? ', PostgreSQL from DATABASE_URL' : ', PGlite'}; drop CSVs in ${path.join(settings.home, 'inbox')})`);
        // Handlers, adapters and state machines are loaded once: an edit takes effect at the next start, not before.
        context.io.out('fluxo dev: code is loaded once; after editing src/, statemachines/ or migrations/, stop it (Ctrl+C) and start it again');
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        // Drain: no new deliveries or inbox files, in-flight work finishes (bounded), then exit. What is left
        // stays journaled (queues) or RUNNING (executions) and is taken again at the next start.
        context.io.out('stopping: finishing the work in flight…');
        await inbox.stop();
        await stack.bus.pause();
        const drained = await Promise.race([stack.engine.idle().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref())]);
        if (!drained) context.io.out(`fluxo dev: executions still running after ${DRAIN_MS / 1000}s are left for the next start`);
        server.close();
        await removeDevLock(settings.home);
        if (drained) await stack.close();
      } finally {
        await release();
      }
    });
}

/** A new one-time sign-in link from the dev server running in `home`, asked with its bearer token; undefined when none answers. */
async function freshSignInLink(home: string): Promise<string | undefined> {
  const running = await readDevLock(home);
  if (!running) return undefined;
  try {
    const response = await fetch(`http://127.0.0.1:${running.port}/api/login-links`, { method: 'POST', headers: { authorization: `Bearer ${running.token}` }, signal: AbortSignal.timeout(2000) });
    const { path: link } = (await response.json()) as { path?: string };
    return response.ok && link ? `http://localhost:${running.port}${link}` : undefined;
  } catch {
    return undefined;
  }
}
