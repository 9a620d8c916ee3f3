import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { caughtError, target } from '../workflows/csv/schemas.js';
import { recordFailure } from '../workflows/csv/record-failure.js';
import { onAws } from './compose.js';
import { pgSummaries } from './wiring/db.js';

export const build = (deps: Ports<'summaries'>) =>
  stateTask(deps, {
    name: 'csv_record_failure',
    input: z.object({ target, error: caughtError, executionName: z.optional(z.string()) }),
    handle: async (input) => recordFailure(await deps.summaries(), input.target, input.error, input.executionName),
  });

export const main = onAws({ summaries: pgSummaries }, build);
