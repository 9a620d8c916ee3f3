import { NotFoundError } from '../../shared/errors.js';
import { CSV_MACHINE } from '../../workflows/csv/ingest.js';
import type { LocalStack } from './compose.js';
import { UPLOADS_BUCKET } from './topology.js';

/**
 * Starts CsvSummary again on a stored upload, under a new execution name. The upload's own
 * execution is named after the object version (a duplicate notification finds the name
 * taken), so a replay needs a name of its own; the summary of that version is replaced.
 * Used by `fluxo replay csv` and the console's "Summarize again". On AWS the same is one
 * StartExecution (docs/operations.md, "Replaying a CSV").
 */
export async function replayCsv(stack: Pick<LocalStack, 'objects' | 'engine'>, key: string): Promise<{ machine: string; name: string; done: ReturnType<LocalStack['engine']['run']> }> {
  const object = await stack.objects.head(UPLOADS_BUCKET, key).catch(() => {
    throw new NotFoundError(`no ${key} in the local uploads bucket (fluxo summaries list shows the keys)`);
  });
  const name = `csv-replay-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const done = stack.engine.run(CSV_MACHINE, { bucket: object.bucket, key: object.key, etag: object.etag, size: object.size }, name);
  return { machine: CSV_MACHINE, name, done };
}
