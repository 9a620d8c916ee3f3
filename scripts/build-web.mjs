// Builds the web console (web/ -> web/dist, with vite) when it is missing or older than its
// sources. `npm install` runs it (prepare) and `fluxo dev` runs it again before serving, so every
// documented way to start serves the console. Without vite (a production install, a container
// image) there is nothing to build with: it says so and leaves the dev server's notice.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(root, 'web');
const INDEX = path.join(WEB, 'dist', 'index.html');
/** What the console is built from: its own sources, the vite config and the domain code it imports. */
const SOURCES = [WEB, path.join(root, 'vite.config.ts'), path.join(root, 'src', 'domain')];

function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(file)) {
    if (file === WEB && (entry === 'dist' || entry === 'node_modules')) continue;
    max = Math.max(max, newest(path.join(file, entry)));
  }
  return max;
}

/** True when web/ exists and web/dist/index.html is missing or older than a source. */
export function webStale() {
  if (!existsSync(WEB)) return false;
  if (!existsSync(INDEX)) return true;
  const built = statSync(INDEX).mtimeMs;
  return SOURCES.some((source) => newest(source) > built);
}

/**
 * Builds the console if stale. Resolves to 'fresh' (nothing to do), 'built', or 'no-vite'
 * (vite is not installed: a production install); a failing build rejects.
 */
export async function buildWeb({ force = false } = {}) {
  if (!force && !webStale()) return 'fresh';
  let vite;
  try {
    vite = await import('vite');
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return 'no-vite';
    throw error;
  }
  await vite.build({ configFile: path.join(root, 'vite.config.ts'), root: WEB, logLevel: 'warn' });
  return 'built';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outcome = await buildWeb({ force: process.argv.includes('--force') });
  if (outcome === 'no-vite') process.stderr.write('build-web: vite is not installed (production install): the console is not built\n');
}
