import path from 'node:path';
import { needsSecondPass, planRefinement, withExactQuartiles } from '../../domain/csv/refine.js';
import { refineStream, summarizeStream } from '../../domain/csv/stream.js';
import type { Summary } from '../../domain/csv/summary.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { InspectedFile } from './schemas.js';
import { readText } from './source.js';

/**
 * SummarizeSmallFile: one streaming pass, and a second one when a sketch answered quartiles
 * (refine.ts) unless `exactQuartiles` is false.
 */
export async function summarizeObject(objects: ObjectStore, file: InspectedFile, how: { maxRecordBytes?: number; exactQuartiles?: boolean } = {}): Promise<Summary> {
  const options = { dialect: file, file: path.posix.basename(file.key), limits: { maxRecordBytes: how.maxRecordBytes } };
  const summarizer = await summarizeStream(await readText(objects, file), options);
  const plan = planRefinement(summarizer);
  if (!needsSecondPass(plan) || how.exactQuartiles === false) return summarizer.finish();
  return withExactQuartiles(summarizer.finish(), await refineStream(await readText(objects, file), options, plan)).summary;
}
