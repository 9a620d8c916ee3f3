import path from 'node:path';
import { planRefinement, RefinePass, withExactQuartiles } from '../../domain/csv/refine.js';
import { Summarizer, type SerializedSummarizer, type Summary } from '../../domain/csv/summary.js';
import { ValidationError } from '../../shared/errors.js';
import type { Chunk, InspectedFile } from '../../workflows/csv/schemas.js';
import { refineRange, summarizeRange, type RangeContext } from './range-passes.js';
import type { RangeWorkers } from './range-workers.js';

/** Every chunk's answer; when some fail, the first chunk's fault in file order (the earliest line), not the first to arrive. */
async function inChunkOrder<T>(calls: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * `fluxo summarize` of a file in ranges: this thread takes the first chunk, the workers one
 * each of the others, the same passes the CsvSummary machine's chunks run (chunk-passes.ts).
 * The partials stay in this process: this thread's summarizer is the merge's base (never
 * serialized), a worker's comes back as Summarizer.toTransfer gives it (no JSON through
 * the work bucket: that was 40-60 MB of peak RSS at the end). A second pass runs where a
 * sketch answered quartiles, unless `exact` is false.
 */
export async function summarizeInRanges(context: RangeContext, workers: RangeWorkers, file: InspectedFile, chunks: Chunk[], exact: boolean): Promise<Summary> {
  const mismatch = (): never => {
    throw new Error('summarize: a planned range did not start on a record');
  };
  const partials = await inChunkOrder(
    chunks.map(async (chunk) => {
      if (chunk.index === 0) {
        const own = await summarizeRange(context, file, chunk);
        return 'mismatch' in own ? mismatch() : own.asMergeBase();
      }
      const answer = await workers.run(chunk.index - 1, { kind: 'summarize', file, chunk });
      return 'partial' in answer ? answer.partial : mismatch();
    }),
  );
  // Chunk 0 is this thread's.
  const [merged, ...others] = partials.splice(0) as [Summarizer, ...(SerializedSummarizer | undefined)[]];
  for (let i = 0; i < others.length; i++) {
    const other = others[i] as SerializedSummarizer;
    others[i] = undefined; // let go of each partial once merged (its histograms, its 100 000 values)
    merged.merge(Summarizer.fromJSON(other));
  }
  const summary = merged.finish();
  if (summary.columns.length === 0) throw new ValidationError(`${path.basename(file.key)}: line 1: no header`);
  const plan = planRefinement(merged);
  if (plan.columns.length === 0 || !exact) return summary;
  const passes = await inChunkOrder(
    chunks.map(async (chunk) => {
      if (chunk.index === 0) return refineRange(context, file, chunk, plan);
      const answer = await workers.run(chunk.index - 1, { kind: 'refine', file, chunk, plan });
      return RefinePass.fromJSON(plan, 'pass' in answer ? answer.pass : mismatch());
    }),
  );
  const pass = passes[0] as RefinePass;
  for (const other of passes.slice(1)) pass.merge(other);
  return withExactQuartiles(summary, pass).summary;
}
