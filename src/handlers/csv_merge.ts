import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { mergePartials } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

export const build = (deps: Deps) =>
  stateTask(deps, {
    name: 'csv_merge',
    input: z.object({ partials: z.array(z.object({ bucket: z.string(), key: z.string() })).min(1) }),
    handle: async ({ partials }) => mergePartials(deps.objects, partials),
  });

export const main = onAws(build);
