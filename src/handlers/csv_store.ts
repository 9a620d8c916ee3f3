import { z } from 'zod';
import { PgSummaryRepository } from '../adapters/postgres/summary-repository.js';
import type { Summary } from '../domain/csv/summary.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { inspectedFile } from '../workflows/csv/schemas.js';
import { storeSummary } from '../workflows/csv/steps.js';
import { onAws } from './compose.js';

const summary = z.object({ rows: z.number(), delimiter: z.string(), encoding: z.string(), decimal: z.enum(['.', ',']), columns: z.array(z.object({ name: z.string() }).loose()), warnings: z.array(z.string()) });

export const build = (deps: Deps) =>
  stateTask(deps, {
    name: 'csv_store',
    input: z.object({ file: inspectedFile, summary, executionName: z.string().optional() }),
    handle: async (input) => {
      const stored = await storeSummary(new PgSummaryRepository(await deps.db()), input.file, input.summary as unknown as Summary, input.executionName);
      deps.metrics.count('RowsSummarized', input.summary.rows);
      deps.metrics.count('FilesSummarized');
      return stored;
    },
  });

export const main = onAws(build);
