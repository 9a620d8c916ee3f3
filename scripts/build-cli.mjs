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

export async function buildCli() {
  const { build } = await import('esbuild');
  rmSync(LIB, { recursive: true, force: true });
  await build({ entryPoints: sources(), outdir: LIB, outbase: SRC, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
