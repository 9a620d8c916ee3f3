import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { planChunks, planManifest, planSpeculativeManifest } from '../workflows/csv/plan-chunks.js';
import { csvSettings } from '../workflows/csv/settings.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) => {
  const settings = csvSettings(deps.config);
  return stateTask(deps, {
    name: 'csv_plan',
    input: z.object({ file: inspectedFile, executionName: z.optional(z.string().check(z.minLength(1))), exact: z._default(z.boolean(), false) }),
    // A huge file: the chunk list as a manifest in S3 for the Distributed Map (first nominal ranges
    // with no read of the file; `exact`: the scanned ranges, after a speculative boundary did not hold); else inline for the Map.
    handle: async ({ file, executionName, exact }) => {
      if (!file.huge || !executionName) return { chunks: await planChunks(deps.objects, file, settings.chunkBytes) };
      const plan = exact ? planManifest : planSpeculativeManifest;
      return plan(deps.objects, file, { chunkBytes: settings.hugeChunkBytes, workBucket: settings.workBucket, executionName, maxConcurrency: settings.mapMaxConcurrency });
    },
  });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
