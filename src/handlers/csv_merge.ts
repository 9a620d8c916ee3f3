import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { mergePartials } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_merge',
    input: z.object({ partials: z.array(z.object({ bucket: z.string(), key: z.string() })).min(1) }),
    handle: async ({ partials }) => mergePartials(deps.objects, partials),
  });

export const main = onAws({ objects: s3Objects }, build);
