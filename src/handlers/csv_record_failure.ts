import { z } from 'zod';
import { PgSummaryRepository } from '../adapters/postgres/summary-repository.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { caughtError, target } from '../workflows/csv/schemas.js';
import { recordFailure } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

export const build = (deps: Deps) =>
  stateTask(deps, {
    name: 'csv_record_failure',
    input: z.object({ target, error: caughtError, executionName: z.string().optional() }),
    handle: async (input) => recordFailure(new PgSummaryRepository(await deps.db()), input.target, input.error, input.executionName),
  });

export const main = onAws(build);
