import * as z from '../zod.js';
import { configModule } from './module.js';

const bytes = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** The CsvSummary use cases (src/workflows/csv/settings.ts turns these into CsvSettings). */
export const csvConfig = configModule({
  where: () => "the function's environment, serverless.yml's provider.environment",
  shape: {
    /** Files above this size are summarized in parallel byte ranges (Map). */
    CSV_LARGE_BYTES: bytes(64 * 1024 * 1024),
    CSV_CHUNK_BYTES: bytes(16 * 1024 * 1024),
    /** Files above this size go to the Distributed Map path (child executions, items and results in S3). */
    CSV_HUGE_BYTES: bytes(4 * 1024 * 1024 * 1024),
    /** Chunk size on the Distributed Map path. */
    CSV_HUGE_CHUNK_BYTES: bytes(128 * 1024 * 1024),
    /** Child executions at once on the Distributed Map path (Step Functions allows up to 10 000; mind the account's Lambda concurrency). */
    CSV_MAP_MAX_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.positive(), z.lte(10_000)), 100),
    /** Up to this size a large file whose quartiles a sketch answered is read a second time for exact ones (docs/csv.md); 0 turns it off. */
    CSV_EXACT_QUARTILES_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 10 * 1024 * 1024 * 1024),
    /** Up to this size the huge path (Distributed Map) makes sketched quartiles exact with a second Distributed Map; past it they stay sketched (docs/csv.md); 0 turns it off. */
    CSV_HUGE_EXACT_QUARTILES_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 10 * 1024 * 1024 * 1024),
    /** A CSV record longer than this is refused (a missing closing quote, or not a CSV); `fluxo summarize --max-record-mb`. */
    CSV_MAX_RECORD_BYTES: bytes(64 * 1024 * 1024),
    /** Bytes of exact-quartile histograms one Map chunk keeps and carries in its partial (docs/csv.md); `fluxo summarize` gives its ranges 32 MB. */
    CSV_CHUNK_HISTOGRAM_BYTES: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 1024 * 1024),
    /** Where Map iterations leave partial summaries (they can exceed the 256 KB state payload limit). */
    CSV_WORK_BUCKET: z.optional(z.string().check(z.minLength(1))),
  },
});
