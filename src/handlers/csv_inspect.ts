import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { target } from '../workflows/csv/schemas.js';
import { inspect } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, { name: 'csv_inspect', input: target, handle: async (input) => inspect(deps.objects, input, deps.config.CSV_LARGE_BYTES, deps.config.CSV_HUGE_BYTES) });

export const main = onAws({ objects: s3Objects }, build);
