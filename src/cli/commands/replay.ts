import type { Command } from 'commander';
import { replayCsv } from '../../local/stack/replay.js';
import { UPLOADS_BUCKET } from '../../local/stack/topology.js';
import { CSV_MACHINE } from '../../workflows/csv/ingest.js';
import { NotFoundError, UsageError } from '../../shared/errors.js';
import { printJson, type CommandContext } from '../io.js';

/** `fluxo replay csv <key>`: summarizes a stored file again (replayCsv), and waits for it. */
export function registerReplay(program: Command, context: CommandContext): void {
  const replay = program.command('replay').description('run a flow again on what it already received');
  replay
    .command('csv')
    .description(`summarize a file of the local uploads bucket again, under a new ${CSV_MACHINE} execution name`)
    .argument('<key>', 'its key, e.g. incoming/vendas.csv (fluxo summaries list shows them)')
    .action(async (key: string) => {
      const stack = await context.stack();
      const started = await replayCsv(stack, key).catch((error: unknown) => {
        throw error instanceof NotFoundError ? new UsageError(error.message) : error;
      });
      const { name } = started;
      const record = await started.done;
      await stack.settle();
      const object = await stack.objects.head(UPLOADS_BUCKET, key);
      const stored = (await (await stack.deps.summaries()).list()).find((entry) => entry.bucket === object.bucket && entry.key === object.key && entry.etag === object.etag);
      printJson(context.io, { execution: `${CSV_MACHINE}/${name}`, status: record.status, id: stored?.id, key, summary: stored?.status, rows: stored?.rows, reason: stored?.reason });
      if (record.status !== 'SUCCEEDED' || stored?.status === 'failed') context.setCode?.(1);
    });
}
