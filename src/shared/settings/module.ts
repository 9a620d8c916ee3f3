import type * as z from '../zod.js';

/**
 * One module's settings: its keys and their schema, and where a missing one is set. The
 * function's config is the core plus these (src/shared/config.ts); which keys a function
 * cannot run without follows from the ports its manifest entry lists
 * (src/handlers/wiring/config-needs.ts), checked once when it is composed.
 */
export interface ConfigModule<S extends Record<string, z.ZodMiniType> = Record<string, z.ZodMiniType>> {
  shape: S;
  /** Where its keys are set on a stage: `missing configuration: A (set them in <where>)`. */
  where: (stage: string) => string;
}

/** Declares a module (keeps the key names literal for the ports that require some of them). */
export function configModule<S extends Record<string, z.ZodMiniType>>(module: ConfigModule<S>): ConfigModule<S> {
  return module;
}
