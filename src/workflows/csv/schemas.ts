import * as z from '../../shared/zod.js';

/** Task inputs of the CsvSummary machine, validated by each Lambda. */
export const target = z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)), etag: z.string() });

export const inspectedFile = z.extend(target, {
  size: z.number().check(z.int(), z.nonnegative()),
  contentType: z.nullable(z.string()),
  delimiter: z.string().check(z.length(1)),
  /** How the file is stored; UTF-16 is read transcoded to UTF-8 (source.ts). */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'latin1', 'windows-1252', 'utf-16le', 'utf-16be']),
  decimal: z.enum(['.', ',']),
  header: z.array(z.string()),
  large: z.boolean(),
  /** Past CSV_HUGE_BYTES: the Distributed Map path. */
  huge: z._default(z.boolean(), false),
});

/**
 * A byte range of the file. Planned by a scan, it starts and ends on record boundaries and
 * knows its first line. `speculative` (the huge path's first try): nominal offsets, each
 * task finds its own record boundaries and checks them (docs/csv.md).
 */
export const chunk = z.object({ index: z.number().check(z.int(), z.nonnegative()), start: z.number().check(z.int(), z.nonnegative()), end: z.number().check(z.int(), z.nonnegative()), firstLine: z.optional(z.number().check(z.int(), z.positive())), speculative: z.optional(z.boolean()) });

/** A JSON object in the work bucket (partials, the refine plan). */
export const workObject = z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)) });

/** What InspectFile learns, and every later state reads. */
export type InspectedFile = z.infer<typeof inspectedFile>;

export type Chunk = z.infer<typeof chunk>;

export type WorkObject = z.infer<typeof workObject>;
