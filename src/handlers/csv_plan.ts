import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { planChunks } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

export const build = (deps: Deps) =>
  stateTask(deps, {
    name: 'csv_plan',
    input: z.object({ file: inspectedFile }),
    handle: async ({ file }) => ({ chunks: await planChunks(deps.objects, file, deps.config.CSV_CHUNK_BYTES) }),
  });

export const main = onAws(build);
