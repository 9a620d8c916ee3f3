import { refinePlanSchema } from './plan-schema.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { readJson } from './read-ahead.js';
import type { Chunk, InspectedFile, WorkObject } from './schemas.js';
import { refineChunkRange } from './chunk-passes.js';
import { workKeys } from './work-keys.js';

/** RefineChunk (and RefineHugeChunk): the second pass over one byte range; values kept near the quartiles go to the work bucket, beside the plan. */
export async function refineChunk(objects: ObjectStore, task: { file: InspectedFile; chunk: Chunk; plan: WorkObject; executionName: string; maxRecordBytes?: number }): Promise<WorkObject> {
  const plan = refinePlanSchema.parse(await readJson<unknown>(objects, task.plan));
  const pass = await refineChunkRange(objects, task.file, task.chunk, plan, task.maxRecordBytes);
  const key = workKeys.refined(task.executionName, task.chunk.index);
  await objects.put(task.plan.bucket, key, JSON.stringify(pass.toJSON()), 'application/json');
  return { bucket: task.plan.bucket, key };
}
