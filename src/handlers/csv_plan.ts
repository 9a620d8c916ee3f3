import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { planChunks, planManifest, planSpeculativeManifest } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) =>
  stateTask(deps, {
    name: 'csv_plan',
    input: z.object({ file: inspectedFile, executionName: z.optional(z.string().check(z.minLength(1))), exact: z._default(z.boolean(), false) }),
    // A huge file: the chunk list as a manifest in S3 for the Distributed Map (first nominal ranges
    // with no read of the file; `exact`: the scanned ranges, after a speculative boundary did not hold); else inline for the Map.
    handle: async ({ file, executionName, exact }) => {
      if (!file.huge || !executionName) return { chunks: await planChunks(deps.objects, file, deps.config.CSV_CHUNK_BYTES) };
      const plan = exact ? planManifest : planSpeculativeManifest;
      return plan(deps.objects, file, deps.config.CSV_HUGE_CHUNK_BYTES, deps.config.CSV_WORK_BUCKET, executionName, deps.config.CSV_MAP_MAX_CONCURRENCY);
    },
  });

export const main = onAws({ objects: s3Objects }, build);
