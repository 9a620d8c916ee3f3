import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { target } from '../workflows/csv/schemas.js';
import { inspect } from '../workflows/csv/inspect-file.js';
import { csvSettings } from '../workflows/csv/settings.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) => {
  const settings = csvSettings(deps.config);
  return stateTask(deps, { name: 'csv_inspect', input: target, handle: async (input) => inspect(deps.objects, input, settings) });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
