// Compiles src/**/*.ts to lib/ once (file by file, same tree, ESM), so the CLI and the
// local stack start without transpiling TypeScript at every run. `npm install` runs it
// (prepare); bin/fluxo.js runs it again when a source file is newer than the build.
// lib/ keeps src/'s depth, so paths such as new URL('../../statemachines/', import.meta.url) hold.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(root, 'src');
const LIB = path.join(root, 'lib');
/** Written last: its mtime is the build's. */
export const STAMP = path.join(LIB, '.built');

function sources(dir = SRC, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** True when lib/ is missing or older than a file under src/ (a container image ships lib/ without src/: never stale). */
export function stale() {
  if (!existsSync(SRC)) return false;
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const newest = (dir) => {
    let max = statSync(dir).mtimeMs; // a deleted or renamed file changes its folder's mtime
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      max = Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }
    return max;
  };
  return newest(SRC) > built;
}

/**
 * lib/shared/zod.js as one file with zod inside and without zod's 50 locales (fluxo sets
 * English once, src/shared/zod.ts): unbundled, `zod/mini` loads every locale whatever is
 * used, ~10 MB of heap in each thread that loads zod (docs/performance.md). Only the CLI's
 * build; the Lambda bundles are esbuild's own (serverless.yml) and the tests run src/.
 */
async function bundleZod() {
  const { build } = await import('esbuild');
  const noLocales = {
    name: 'zod-without-locales',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, () => ({ path: 'locales', namespace: 'no-locales' }));
      builder.onLoad({ filter: /.*/, namespace: 'no-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
  await build({ entryPoints: [path.join(SRC, 'shared', 'zod.ts')], outfile: path.join(LIB, 'shared', 'zod.js'), bundle: true, allowOverwrite: true, plugins: [noLocales], platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}

export async function buildCli() {
  const { build } = await import('esbuild');
  rmSync(LIB, { recursive: true, force: true });
  await build({ entryPoints: sources(), outdir: LIB, outbase: SRC, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  await bundleZod();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
