import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { summarizeObject } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

export const build = (deps: Deps) =>
  stateTask(deps, { name: 'csv_summarize', input: z.object({ file: inspectedFile }), handle: async ({ file }) => summarizeObject(deps.objects, file) });

export const main = onAws(build);
