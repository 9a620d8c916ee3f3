/**
 * zod, as every fluxo module imports it (`import * as z from '.../shared/zod.js'`):
 * `zod/mini`, the same validation in a tree-shakeable form (a handler bundle keeps only
 * the schemas and checks it uses instead of zod classic's ~450 KB: docs/performance.md),
 * with English messages, set once here for every schema. Import it as a namespace: a
 * namespace re-exported as a value would keep all of zod in every bundle.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
