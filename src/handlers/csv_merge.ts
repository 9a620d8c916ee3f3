import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile, workObject } from '../workflows/csv/schemas.js';
import { mergePartials } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_merge',
    input: z.object({ file: inspectedFile, partials: z.array(workObject).min(1), executionName: z.string().min(1) }),
    handle: async ({ file, partials, executionName }) => mergePartials(deps.objects, partials, { file, exactMaxBytes: deps.config.CSV_EXACT_QUARTILES_MAX_BYTES, executionName }),
  });

export const main = onAws({ objects: s3Objects }, build);
