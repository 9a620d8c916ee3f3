import { RefinePass, withExactQuartiles, type SerializedRefinePass } from '../../domain/csv/refine.js';
import { refinePlanSchema } from './plan-schema.js';
import type { Summary } from '../../domain/csv/summary.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { readAhead, readJson } from './read-ahead.js';
import type { WorkObject } from './schemas.js';

/** ExactQuartiles: the chunks' second passes merged, the needed ranks selected, written into the summary. */
export async function exactQuartiles(objects: ObjectStore, summary: Summary, planAt: WorkObject, refined: WorkObject[]): Promise<Summary> {
  const plan = refinePlanSchema.parse(await readJson<unknown>(objects, planAt));
  let merged: RefinePass | undefined;
  for await (const serialized of readAhead<SerializedRefinePass>(objects, refined)) {
    const pass = RefinePass.fromJSON(plan, serialized);
    if (!merged) merged = pass;
    else merged.merge(pass);
  }
  if (!merged) throw new ValidationError('no second-pass results to merge');
  return withExactQuartiles(summary, merged).summary;
}
