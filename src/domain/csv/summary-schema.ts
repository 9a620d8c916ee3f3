import * as z from '../../shared/zod.js';

// A summary's shape, apart from the summarizer that computes it, so the console (web/) can use its types.
const statistic = z.nullable(z.union([z.number(), z.string()]));

/** One column of pandas `describe(include='all')`; statistics that do not apply are null. */
const columnSummarySchema = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'date', 'datetime', 'string']),
  count: z.number(),
  missing: z.number(),
  unique: z.nullable(z.number()),
  top: z.nullable(z.string()),
  freq: z.nullable(z.number()),
  mean: statistic,
  std: z.nullable(z.number()),
  min: statistic,
  p25: statistic,
  p50: statistic,
  p75: statistic,
  max: statistic,
  /** Numeric columns: the most digits after the decimal point a value was written with (14924.04: 2), for showing their statistics. */
  decimals: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** False when a sketch answered (quartiles, unique, top/freq are then approximate). */
  exact: z.boolean(),
  /** Present (true) only when `exact` is false for unique/top/freq alone: a date column whose quartiles are exact. */
  quartilesExact: z.optional(z.boolean()),
  /**
   * Present only when unique/top/freq are estimates (docs/csv.md, "Estimates"). `uniqueError`:
   * unique's relative standard error (HyperLogLog: 0.016), or null when unique is only a lower
   * bound (values were skipped). `freqBound`: freq is top's exact count, and a value not shown
   * occurred at most this many times (top is surely the most frequent when freq exceeds it);
   * null when freq is unknown (freq is then null: no second pass counted it).
   */
  estimate: z.optional(z.object({ uniqueError: z.nullable(z.number()), freqBound: z.nullable(z.number()) })),
});

/** A file's summary: what the CsvSummary machine passes from Summarize/Merge to StoreSummary, validated there once. */
export const summarySchema = z.object({
  rows: z.number().check(z.int(), z.nonnegative()),
  delimiter: z.string(),
  encoding: z.string(),
  decimal: z.enum(['.', ',']),
  columns: z.array(columnSummarySchema),
  warnings: z.array(z.string()),
});

export type ColumnSummary = z.infer<typeof columnSummarySchema>;
export type ColumnType = ColumnSummary['type'];
export type Summary = z.infer<typeof summarySchema>;
