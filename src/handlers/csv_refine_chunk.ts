import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { chunk, inspectedFile, workObject } from '../workflows/csv/schemas.js';
import { CHUNK_TIMEOUT_ADVICE, csvSettings } from '../workflows/csv/settings.js';
import { refineChunk } from '../workflows/csv/refine-chunk.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) => {
  const { maxRecordBytes } = csvSettings(deps.config);
  return stateTask(deps, {
    name: 'csv_refine_chunk',
    timeoutAdvice: CHUNK_TIMEOUT_ADVICE,
    input: z.object({ file: inspectedFile, chunk, plan: workObject, executionName: z.string().check(z.minLength(1)) }),
    handle: async (input) => refineChunk(deps.objects, { ...input, maxRecordBytes }),
  });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
