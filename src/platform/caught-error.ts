import * as z from '../shared/zod.js';

/**
 * What an ASL `Catch` puts at its `ResultPath`: the error's name and its cause (for a
 * Lambda task, the function's error document as JSON). States that record a failure take it as input.
 */
export const caughtError = z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) });

export type CaughtError = z.infer<typeof caughtError>;
