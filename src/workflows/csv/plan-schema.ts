import type { RecountColumn } from '../../domain/csv/recount.js';
import { QUARTILES, type RefineColumn, type RefinePlan } from '../../domain/csv/refine.js';
import * as z from '../../shared/zod.js';

/**
 * The refine plan (domain/csv/refine.ts, recount.ts) as read from the work bucket: validated
 * here, at the edge, so the domain, and the range workers that run it, load no zod (its
 * locales cost each thread ~13 MB: docs/performance.md). The `satisfies` lines keep the
 * schemas and the domain's types the same shape.
 */
const recountColumnSchema = z.object({
  index: z.number().check(z.int(), z.nonnegative()),
  candidates: z.array(z.string()),
  bound: z.number().check(z.nonnegative()),
});

const refineColumnSchema = z.object({
  index: z.number().check(z.int(), z.nonnegative()),
  kind: z.enum(['numeric', 'temporal']),
  count: z.number().check(z.int(), z.positive()),
  distinctExact: z.boolean(),
  bounds: z.array(z.tuple([z.number(), z.number()])).check(z.length(QUARTILES.length)),
});

export const refinePlanSchema = z.object({
  decimal: z.enum(['.', ',']),
  columns: z.array(refineColumnSchema),
  recount: z.optional(z.array(recountColumnSchema)),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.infer<typeof recountColumnSchema>, RecountColumn>;
true satisfies Same<z.infer<typeof refineColumnSchema>, RefineColumn>;
true satisfies Same<z.infer<typeof refinePlanSchema>, RefinePlan>;
