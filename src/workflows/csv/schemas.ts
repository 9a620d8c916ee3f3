import { z } from 'zod';

/** Task inputs of the CsvSummary machine, validated by each Lambda. */
export const target = z.object({ bucket: z.string().min(1), key: z.string().min(1), etag: z.string() });

export const inspectedFile = target.extend({
  size: z.number().int().nonnegative(),
  contentType: z.string().nullable(),
  delimiter: z.string().length(1),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'latin1']),
  decimal: z.enum(['.', ',']),
  header: z.array(z.string()),
  large: z.boolean(),
  /** Past CSV_HUGE_BYTES: the Distributed Map path. */
  huge: z.boolean().default(false),
});

/**
 * A byte range of the file. Planned by a scan, it starts and ends on record boundaries and
 * knows its first line. `speculative` (the huge path's first try): nominal offsets, each
 * task finds its own record boundaries and checks them (docs/csv.md).
 */
export const chunk = z.object({ index: z.number().int().nonnegative(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), firstLine: z.number().int().positive().optional(), speculative: z.boolean().optional() });

export const caughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

/** A JSON object in the work bucket (partials, the refine plan). */
export const workObject = z.object({ bucket: z.string().min(1), key: z.string().min(1) });
