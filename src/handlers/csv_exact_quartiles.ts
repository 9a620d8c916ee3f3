import * as z from '../shared/zod.js';
import { summarySchema } from '../domain/csv/summary-schema.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { workObject, type WorkObject } from '../workflows/csv/schemas.js';
import { exactQuartiles } from '../workflows/csv/exact-quartiles.js';
import { outputsOfMapRun } from '../workflows/csv/map-runs.js';
import { ValidationError } from '../shared/errors.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_exact_quartiles',
    // The inline Map hands the second pass's results; the Distributed Map (RefineHugeChunks) the manifest its ResultWriter wrote.
    input: z.object({ summary: summarySchema, plan: workObject, refined: z.optional(z.array(workObject).check(z.minLength(1))), mapRun: z.optional(z.object({ ResultWriterDetails: z.object({ Bucket: z.string(), Key: z.string() }) })) }),
    handle: async ({ summary, plan, refined, mapRun }) => {
      const results = refined ?? (mapRun ? await outputsOfMapRun<WorkObject>(deps.objects, mapRun.ResultWriterDetails) : []);
      if (results.length === 0) throw new ValidationError('csv_exact_quartiles: neither refined results nor a map run to read them from');
      return exactQuartiles(deps.objects, summary, plan, results);
    },
  });

export const main = onAws({ objects: s3Objects }, build);
