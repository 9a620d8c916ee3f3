import { RefinePass, refinePlanSchema } from '../../domain/csv/refine.js';
import { refineStream } from '../../domain/csv/stream.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { readJson } from './read-ahead.js';
import type { Chunk, InspectedFile, WorkObject } from './schemas.js';
import { readText } from './source.js';
import { chunkReadOptions, speculativeRange } from './summarize-chunk.js';
import { workKeys } from './work-keys.js';

/** RefineChunk (and RefineHugeChunk): the second pass over one byte range; values kept near the quartiles go to the work bucket, beside the plan. */
export async function refineChunk(objects: ObjectStore, task: { file: InspectedFile; chunk: Chunk; plan: WorkObject; executionName: string; maxRecordBytes?: number }): Promise<WorkObject> {
  const plan = refinePlanSchema.parse(await readJson<unknown>(objects, task.plan));
  const { file, chunk } = task;
  // A speculative chunk (the huge path) reads the bytes its first pass read; its boundaries held, or there would be no second pass.
  const range = chunk.speculative ? await speculativeRange(objects, file, chunk) : { start: chunk.start, end: chunk.end };
  const pass = range ? await refineStream(await readText(objects, file, range), chunkReadOptions(file, chunk, task.maxRecordBytes), plan) : new RefinePass(plan);
  const key = workKeys.refined(task.executionName, chunk.index);
  await objects.put(task.plan.bucket, key, JSON.stringify(pass.toJSON()), 'application/json');
  return { bucket: task.plan.bucket, key };
}
