import * as z from '../shared/zod.js';
import { caughtError } from '../platform/caught-error.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { recordFailureDurably } from '../workflows/csv/failures.js';
import { target } from '../workflows/csv/schemas.js';
import { onAws } from './compose.js';
import { pgSummaries } from './wiring/db.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'summaries' | 'objects'>) =>
  stateTask(deps, {
    name: 'csv_record_failure',
    input: z.object({ target, error: caughtError, executionName: z.optional(z.string()) }),
    handle: async (input) => recordFailureDurably({ ...deps, workBucket: deps.config.CSV_WORK_BUCKET }, input.target, input.error, input.executionName),
  });

export const main = onAws({ summaries: pgSummaries, objects: s3Objects }, build, ['csv']);
