import type { RefinePass, RefinePlan, SerializedRefinePass } from '../../domain/csv/refine.js';
import type { SerializedSummarizer, Summarizer } from '../../domain/csv/summary.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { refineChunkRange, summarizeChunkRange, type Mismatch, type PassOptions, type RangeReader } from '../../workflows/csv/chunk-passes.js';
import type { Chunk, InspectedFile } from '../../workflows/csv/schemas.js';
import { fileRange } from './file-range.js';

/** What a thread of `fluxo summarize` reads its ranges with: the store (record starts), the local file's path, the passes' limits. */
export interface RangeContext {
  objects: ObjectStore;
  path: string;
  options: PassOptions;
}

export type RangeRequest = { kind: 'summarize'; file: InspectedFile; chunk: Chunk } | { kind: 'refine'; file: InspectedFile; chunk: Chunk; plan: RefinePlan };

/** A range worker's answer: the partial as Summarizer.toTransfer gives it, a mismatch, a second pass, or the error (its class by name). */
export type RangeAnswer = { ok: true; partial: SerializedSummarizer } | { ok: true; mismatch: true } | { ok: true; pass: SerializedRefinePass } | { ok: false; name: string; message: string };

const reader =
  (context: RangeContext): RangeReader =>
  (range) =>
    Promise.resolve(fileRange(context.path, range.start, range.end));

/** The first pass over one chunk of the local file (chunk-passes.ts), read into one reused buffer. */
export const summarizeRange = (context: RangeContext, file: InspectedFile, chunk: Chunk): Promise<Summarizer | Mismatch> => summarizeChunkRange(context.objects, file, chunk, context.options, reader(context));

/** The second pass over one chunk of the local file. */
export const refineRange = (context: RangeContext, file: InspectedFile, chunk: Chunk, plan: RefinePlan): Promise<RefinePass> => refineChunkRange(context.objects, file, chunk, plan, context.options.maxRecordBytes, reader(context));
