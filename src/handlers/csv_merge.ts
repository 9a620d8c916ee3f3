import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile, workObject } from '../workflows/csv/schemas.js';
import { mergePartials, partialsOfMapRun } from '../workflows/csv/merge-partials.js';
import { csvSettings } from '../workflows/csv/settings.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';
import { ValidationError } from '../shared/errors.js';

export const build = (deps: Ports<'objects'>) => {
  const settings = csvSettings(deps.config);
  return stateTask(deps, {
    name: 'csv_merge',
    // The inline Map hands the partials; the Distributed Map the manifest its ResultWriter wrote.
    input: z.object({ file: inspectedFile, partials: z.optional(z.array(workObject).check(z.minLength(1))), mapRun: z.optional(z.object({ ResultWriterDetails: z.object({ Bucket: z.string(), Key: z.string() }) })), speculative: z._default(z.boolean(), false), executionName: z.string().check(z.minLength(1)) }),
    handle: async ({ file, partials, mapRun, speculative, executionName }, { logger }) => {
      if (mapRun) {
        const run = await partialsOfMapRun(deps.objects, mapRun.ResultWriterDetails);
        // A speculative boundary did not hold: the machine plans again with the scan (BoundariesHeld).
        if (run.mismatched.length) {
          // Chunks from a scan never answer mismatch: planning again could only loop.
          if (!speculative) throw new ValidationError(`chunks ${run.mismatched.slice(0, 5).join(', ')} of a scanned plan answered a boundary mismatch`);
          logger.warn({ chunks: run.mismatched.slice(0, 20), count: run.mismatched.length }, 'speculative chunk boundaries did not hold: planning again with a scan');
          return { fallback: true, summary: null, refine: null };
        }
        // The second pass (RefineHugeChunks, a second Distributed Map) up to its own limit: past it the quartiles stay sketched.
        return { fallback: false, ...(await mergePartials(deps.objects, run.partials, { file, exactMaxBytes: settings.hugeExactQuartilesMaxBytes, executionName })) };
      }
      return { fallback: false, ...(await mergePartials(deps.objects, partials ?? [], { file, exactMaxBytes: settings.exactQuartilesMaxBytes, executionName })) };
    },
  });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
