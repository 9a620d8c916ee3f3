import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { SMALL_FILE_TIMEOUT_ADVICE, csvSettings } from '../workflows/csv/settings.js';
import { summarizeObject } from '../workflows/csv/summarize-small-file.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) => {
  const { maxRecordBytes } = csvSettings(deps.config);
  return stateTask(deps, { name: 'csv_summarize', timeoutAdvice: SMALL_FILE_TIMEOUT_ADVICE, input: z.object({ file: inspectedFile }), handle: async ({ file }) => summarizeObject(deps.objects, file, { maxRecordBytes }) });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
