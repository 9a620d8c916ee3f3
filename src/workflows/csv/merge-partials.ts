import { needsSecondPass, planRefinement } from '../../domain/csv/refine.js';
import { Summarizer, type SerializedSummarizer, type Summary } from '../../domain/csv/summary.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { outputsOfMapRun, type ResultWriterDetails } from './map-runs.js';
import { readAhead } from './read-ahead.js';
import type { InspectedFile, WorkObject } from './schemas.js';
import { workKeys } from './work-keys.js';

/** What a Distributed Map's children left: their partials, and the chunks whose speculative boundaries did not hold. */
export async function partialsOfMapRun(objects: ObjectStore, resultWriter: ResultWriterDetails): Promise<{ partials: WorkObject[]; mismatched: number[] }> {
  const partials: WorkObject[] = [];
  const mismatched: number[] = [];
  for (const output of await outputsOfMapRun<WorkObject | { mismatch: true; index: number }>(objects, resultWriter)) {
    if ('mismatch' in output) mismatched.push(output.index);
    else partials.push(output);
  }
  // Children finish in any order: merge in file order, as the inline Map does.
  return { partials: partials.sort((a, b) => a.key.localeCompare(b.key)), mismatched: mismatched.sort((a, b) => a - b) };
}

/** What MergePartials needs besides the partials: the file, up to which size a second pass runs, the execution. */
export interface MergeOptions {
  file: InspectedFile;
  exactMaxBytes: number;
  executionName: string;
}

/**
 * MergePartials: Chan/Welford for moments, sketches for the rest. When a sketch answered
 * some quartiles and the file is at most `exactMaxBytes`, the plan of a second pass
 * (RefineChunks) goes to the work bucket and `refine` names it; otherwise `refine` is null.
 */
export async function mergePartials(objects: ObjectStore, partials: WorkObject[], options: MergeOptions): Promise<{ summary: Summary; refine: WorkObject | null }> {
  let merged: Summarizer | undefined;
  for await (const serialized of readAhead<SerializedSummarizer>(objects, partials)) {
    const summarizer = Summarizer.fromJSON(serialized);
    if (!merged) merged = summarizer;
    else merged.merge(summarizer);
  }
  if (!merged) throw new ValidationError('no partial summaries to merge');
  const summary = merged.finish();
  const plan = planRefinement(merged);
  if (!needsSecondPass(plan) || options.file.size > options.exactMaxBytes) return { summary, refine: null };
  const at = { bucket: (partials[0] as WorkObject).bucket, key: workKeys.refinePlan(options.executionName) };
  await objects.put(at.bucket, at.key, JSON.stringify(plan), 'application/json');
  return { summary, refine: at };
}
