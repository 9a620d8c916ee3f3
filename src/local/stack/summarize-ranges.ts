import path from 'node:path';
import { needsSecondPass, planRefinement, RefinePass, withExactQuartiles } from '../../domain/csv/refine.js';
import { Summarizer, type SerializedSummarizer, type Summary } from '../../domain/csv/summary.js';
import { ValidationError } from '../../shared/errors.js';
import { planChunks, speculativeChunks } from '../../workflows/csv/plan-chunks.js';
import type { Chunk, InspectedFile } from '../../workflows/csv/schemas.js';
import { unitBytes } from '../../workflows/csv/source.js';
import { refineRange, summarizeRange, type RangeContext } from './range-passes.js';
import type { RangeWorkers } from './range-workers.js';

/** Every chunk's answer; when some fail, the first chunk's fault in file order (the earliest line), not the first to arrive. */
async function inChunkOrder<T>(calls: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

type Partial = Summarizer | SerializedSummarizer;

/** Chunk 0 on this thread (its summarizer kept as the merge's base), the others on the workers; null for a chunk whose boundaries did not hold. */
function firstPassOf(context: RangeContext, workers: RangeWorkers, file: InspectedFile, chunk: Chunk): Promise<Partial | null> {
  if (chunk.index > 0) return workers.run(chunk.index - 1, { kind: 'summarize', file, chunk }).then((answer) => ('partial' in answer ? answer.partial : null));
  return summarizeRange(context, file, chunk).then((own) => ('mismatch' in own ? null : own.asMergeBase()));
}

/**
 * What this thread reads ahead of the worker threads while they start (a Node thread and its
 * modules: 0.2-0.35 s measured, at ~40 MB/s a thread on this text-heavy file), so that all
 * ranges end together: each worker otherwise finished its range last and this thread waited.
 */
const HEAD_START_BYTES = 8 * 1024 * 1024;

/** Nominal ranges, one per thread: this thread's (the first) HEAD_START_BYTES longer (at most a quarter of a share), the rest alike. */
function threadRanges(file: InspectedFile, threads: number): Chunk[] {
  const unit = unitBytes(file);
  const share = Math.ceil(file.size / threads);
  const first = Math.min(file.size, Math.ceil((share + Math.min(HEAD_START_BYTES, Math.floor(share / 4))) / unit) * unit);
  const rest = speculativeChunks(file.size - first, Math.ceil((file.size - first) / (threads - 1)), unit);
  return [{ index: 0, start: 0, end: first - 1, speculative: true }, ...rest.map((chunk) => ({ ...chunk, index: chunk.index + 1, start: chunk.start + first, end: chunk.end + first }))];
}

/**
 * The chunks' partials: first over nominal ranges that find their own record boundaries (no
 * scan of the file before the work starts); when one does not hold (a quoted line end at a
 * boundary, or a malformed file), again over ranges a scan found (errors then name true lines).
 */
async function firstPass(context: RangeContext, workers: RangeWorkers, file: InspectedFile, threads: number): Promise<{ chunks: Chunk[]; partials: Partial[] }> {
  const chunkBytes = Math.ceil(file.size / threads);
  const nominal = threadRanges(file, threads);
  const answers = await inChunkOrder(nominal.map((chunk) => firstPassOf(context, workers, file, chunk)));
  if (answers.every((answer) => answer !== null)) return { chunks: nominal, partials: answers as Partial[] };
  answers.length = 0;
  // A local disk needs no S3-sized read-ahead (6 x 8 MB blocks would double the peak RSS).
  const chunks = await planChunks(context.objects, file, chunkBytes, { blockBytes: 1024 * 1024, inFlight: 2 });
  const partials = await inChunkOrder(chunks.map((chunk) => firstPassOf(context, workers, file, chunk)));
  if (partials.some((partial) => partial === null)) throw new Error('summarize: a planned range did not start on a record');
  return { chunks, partials: partials as Partial[] };
}

/**
 * `fluxo summarize` of a file in ranges: this thread takes the first chunk, the workers one
 * each of the others, the same passes the CsvSummary machine's chunks run (chunk-passes.ts).
 * The partials stay in this process: this thread's summarizer is the merge's base (never
 * serialized), a worker's comes back as Summarizer.toTransfer gives it (no JSON through
 * the work bucket: that was 40-60 MB of peak RSS at the end). A second pass runs where a
 * sketch answered quartiles, unless `exact` is false.
 */
export async function summarizeInRanges(context: RangeContext, workers: RangeWorkers, file: InspectedFile, threads: number, exact: boolean): Promise<Summary> {
  const { chunks, partials } = await firstPass(context, workers, file, threads);
  // Their partials are here: the worker threads' heaps go back before the merge (a second pass, rare, starts them again).
  await workers.stop();
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
  if (!needsSecondPass(plan) || !exact) return summary;
  const passes = await inChunkOrder(
    chunks.map(async (chunk) => {
      if (chunk.index === 0) return refineRange(context, file, chunk, plan);
      const answer = await workers.run(chunk.index - 1, { kind: 'refine', file, chunk, plan });
      if (!('pass' in answer)) throw new Error('summarize: a second pass answered no values');
      return RefinePass.fromJSON(plan, answer.pass);
    }),
  );
  const pass = passes[0] as RefinePass;
  for (const other of passes.slice(1)) pass.merge(other);
  return withExactQuartiles(summary, pass).summary;
}
