import * as z from '../shared/zod.js';
import { summarySchema } from '../domain/csv/summary-schema.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { reconcileFailures } from '../workflows/csv/failures.js';
import { storeSummary } from '../workflows/csv/store-summary.js';
import { onAws } from './compose.js';
import { pgSummaries } from './wiring/db.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'summaries' | 'objects'>) =>
  stateTask(deps, {
    name: 'csv_store',
    input: z.object({ file: inspectedFile, summary: summarySchema, executionName: z.optional(z.string()) }),
    handle: async (input) => {
      const stored = await storeSummary(await deps.summaries(), input.file, input.summary, input.executionName);
      deps.metrics.count('RowsSummarized', input.summary.rows);
      deps.metrics.count('FilesSummarized');
      // The database answers again: record the failures it could not take while it was down.
      await reconcileFailures({ ...deps, workBucket: deps.config.CSV_WORK_BUCKET });
      return stored;
    },
  });

export const main = onAws({ summaries: pgSummaries, objects: s3Objects }, build, ['csv']);
