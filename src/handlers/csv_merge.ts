import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile, workObject } from '../workflows/csv/schemas.js';
import { mergePartials, partialsOfMapRun } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_merge',
    // The inline Map hands the partials; the Distributed Map the manifest its ResultWriter wrote.
    input: z.object({ file: inspectedFile, partials: z.array(workObject).min(1).optional(), mapRun: z.object({ ResultWriterDetails: z.object({ Bucket: z.string(), Key: z.string() }) }).optional(), executionName: z.string().min(1) }),
    handle: async ({ file, partials, mapRun, executionName }) => {
      const all = partials ?? (mapRun ? await partialsOfMapRun(deps.objects, mapRun.ResultWriterDetails) : []);
      // The second pass for exact quartiles is an inline Map: not on the Distributed Map path.
      return mergePartials(deps.objects, all, { file, exactMaxBytes: mapRun ? 0 : deps.config.CSV_EXACT_QUARTILES_MAX_BYTES, executionName });
    },
  });

export const main = onAws({ objects: s3Objects }, build);
