import { createRequire as requireFrom } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A worker thread's entry for a script beside this file: the compiled `.js` (lib/), or,
 * when running from the TypeScript sources, a data URL that registers tsx first (a
 * register() in the main thread, bin/fluxo.js's, does not reach worker threads).
 */
export function workerEntry(script: string): URL {
  const self = fileURLToPath(import.meta.url);
  const typescript = self.endsWith('.ts');
  const file = pathToFileURL(path.join(path.dirname(self), `${script}.${typescript ? 'ts' : 'js'}`));
  if (!typescript) return file;
  // (createRequire, not import.meta.resolve: the latter is missing under some loaders, jest's among them)
  const tsxApi = pathToFileURL(requireFrom(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(file.href)});`)}`);
}
