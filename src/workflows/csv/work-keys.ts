/**
 * Where the CsvSummary machine keeps its work in CSV_WORK_BUCKET, one prefix per kind of
 * object. serverless.yml grants each function exactly the prefixes WORK_ACCESS lists here
 * and expires each prefix after 7 days (but KEPT_PREFIXES); test/unit/csv-work-keys.test.ts reads both against
 * this module.
 */
export const WORK_PREFIXES = {
  /** SummarizeChunk's partial summaries (they can exceed the 256 KB state payload). */
  partials: 'partials/',
  /** MergePartials' plan of the second pass and RefineChunk's results. */
  refine: 'refine/',
  /** PlanHugeChunks' chunk lists for the Distributed Map's ItemReader. */
  manifests: 'manifests/',
  /** The Distributed Map's ResultWriter (its Prefix in statemachines/csv-summary.asl.json). */
  mapRuns: 'map-runs/',
  /** Failures the database could not take, until it answers again (failures.ts). Never expired. */
  failures: 'failures/',
} as const;

export type WorkPrefix = keyof typeof WORK_PREFIXES;

/** Prefixes the bucket's lifecycle rules leave alone: what waits there must not vanish. */
export const KEPT_PREFIXES: readonly WorkPrefix[] = ['failures'];

/** Which function reads, writes and deletes which prefixes: what its IAM role grants on the work bucket, and nothing more. */
export const WORK_ACCESS: Record<string, { get: WorkPrefix[]; put: WorkPrefix[]; delete?: WorkPrefix[] }> = {
  csv_plan: { get: [], put: ['manifests'] },
  csv_summarize_chunk: { get: [], put: ['partials'] },
  csv_merge: { get: ['partials', 'mapRuns'], put: ['refine'] },
  csv_refine_chunk: { get: ['refine'], put: ['refine'] },
  csv_exact_quartiles: { get: ['refine', 'mapRuns'], put: [] },
  csv_store: { get: ['failures'], put: ['failures'], delete: ['failures'] },
  csv_record_failure: { get: ['failures', 'mapRuns'], put: ['failures'], delete: ['failures'] },
};

const indexed = (index: number): string => String(index).padStart(5, '0');

export const workKeys = {
  partial: (executionName: string, index: number): string => `${WORK_PREFIXES.partials}${executionName}/${indexed(index)}.json`,
  refinePlan: (executionName: string): string => `${WORK_PREFIXES.refine}${executionName}/plan.json`,
  refined: (executionName: string, index: number): string => `${WORK_PREFIXES.refine}${executionName}/${indexed(index)}.json`,
  /** The nominal (speculative) chunk list, or the scanned one. */
  manifest: (executionName: string, scanned: boolean): string => `${WORK_PREFIXES.manifests}${executionName}/${scanned ? 'chunks-exact' : 'chunks'}.json`,
  /** The ResultWriter Prefix of an execution's map runs (Step Functions adds `/<map run id>/`): RecordFailure finds its failed children there. */
  mapRuns: (executionName: string): string => `${WORK_PREFIXES.mapRuns}${executionName}`,
};
