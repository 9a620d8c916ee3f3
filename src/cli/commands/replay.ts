import type { Command } from 'commander';
import { UPLOADS_BUCKET } from '../../local/stack/topology.js';
import { CSV_MACHINE } from '../../workflows/csv/ingest.js';
import { UsageError } from '../../shared/errors.js';
import { printJson, type CommandContext } from '../io.js';

/**
 * `fluxo replay csv <key>`: summarizes a stored file again. The upload's own execution is
 * named after the object version (duplicate notifications find the name taken), so a replay
 * starts CsvSummary with the same input under a new name; the summary of that version is
 * replaced. On AWS the same is one StartExecution (docs/operations.md, "Replaying a CSV").
 */
export function registerReplay(program: Command, context: CommandContext): void {
  const replay = program.command('replay').description('run a flow again on what it already received');
  replay
    .command('csv')
    .description(`summarize a file of the local uploads bucket again, under a new ${CSV_MACHINE} execution name`)
    .argument('<key>', 'its key, e.g. incoming/vendas.csv (fluxo summaries list shows them)')
    .action(async (key: string) => {
      const stack = await context.stack();
      const object = await stack.objects.head(UPLOADS_BUCKET, key).catch(() => {
        throw new UsageError(`no ${key} in the local uploads bucket (fluxo summaries list shows the keys)`);
      });
      const name = `csv-replay-${Date.now().toString(36)}`;
      const record = await stack.engine.run(CSV_MACHINE, { bucket: object.bucket, key: object.key, etag: object.etag, size: object.size }, name);
      await stack.settle();
      const stored = (await (await stack.deps.summaries()).list()).find((entry) => entry.bucket === object.bucket && entry.key === object.key && entry.etag === object.etag);
      printJson(context.io, { execution: `${CSV_MACHINE}/${name}`, status: record.status, id: stored?.id, key, summary: stored?.status, rows: stored?.rows, reason: stored?.reason });
      if (record.status !== 'SUCCEEDED' || stored?.status === 'failed') context.setCode?.(1);
    });
}
