import { createRequire as requireFrom } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A worker thread's entry for a script beside the caller (`besides` is the caller's
 * `import.meta.url`): the compiled `.js` (lib/), or, when running from the TypeScript
 * sources, a data URL that registers tsx first (a register() in the main thread,
 * bin/fluxo.js's, does not reach worker threads).
 * @example new Worker(workerEntry(import.meta.url, 'function-worker'))
 */
export function workerEntry(besides: string, script: string): URL {
  const caller = fileURLToPath(besides);
  const typescript = caller.endsWith('.ts');
  const file = pathToFileURL(path.join(path.dirname(caller), `${script}.${typescript ? 'ts' : 'js'}`));
  if (!typescript) return file;
  // (createRequire, not import.meta.resolve: the latter is missing under some loaders, jest's among them)
  const tsxApi = pathToFileURL(requireFrom(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(file.href)});`)}`);
}
