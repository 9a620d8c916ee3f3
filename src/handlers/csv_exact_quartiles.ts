import * as z from '../shared/zod.js';
import { summarySchema } from '../domain/csv/summary-schema.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { workObject } from '../workflows/csv/schemas.js';
import { exactQuartiles } from '../workflows/csv/exact-quartiles.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_exact_quartiles',
    input: z.object({ summary: summarySchema, plan: workObject, refined: z.array(workObject).check(z.minLength(1)) }),
    handle: async ({ summary, plan, refined }) => exactQuartiles(deps.objects, summary, plan, refined),
  });

export const main = onAws({ objects: s3Objects }, build);
