import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { target } from '../workflows/csv/schemas.js';
import { inspect } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

export const build = (deps: Deps) =>
  stateTask(deps, { name: 'csv_inspect', input: target, handle: async (input) => inspect(deps.objects, input, deps.config.CSV_LARGE_BYTES) });

export const main = onAws(build);
