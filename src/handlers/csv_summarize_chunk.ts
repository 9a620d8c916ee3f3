import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { chunk, inspectedFile } from '../workflows/csv/schemas.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../workflows/csv/summarize-chunk.js';
import { CHUNK_TIMEOUT_ADVICE, csvSettings } from '../workflows/csv/settings.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';

export const build = (deps: Ports<'objects'>) => {
  const { workBucket, maxRecordBytes, chunkHistogramBytes } = csvSettings(deps.config);
  return stateTask(deps, {
    name: 'csv_summarize_chunk',
    timeoutAdvice: CHUNK_TIMEOUT_ADVICE,
    input: z.object({ file: inspectedFile, chunk, executionName: z.string().check(z.minLength(1)) }),
    handle: async ({ file, chunk, executionName }) => (chunk.speculative ? summarizeSpeculativeChunk : summarizeChunk)(deps.objects, file, chunk, { workBucket, executionName, maxRecordBytes, histogramBytes: chunkHistogramBytes }),
  });
};

export const main = onAws({ objects: s3Objects }, build, ['csv']);
