import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Io } from './io.js';

/** scripts/build-web.mjs, from src/cli or lib/cli alike; a container image ships neither it nor web/. */
const SCRIPT = fileURLToPath(new URL('../../scripts/build-web.mjs', import.meta.url));

/**
 * Builds the web console before `fluxo dev` serves it, when web/dist is missing or older than
 * web/ (a clone installed with --ignore-scripts, a `git pull`). In a child process, so the dev
 * server does not keep vite in memory. A failed build is a warning: the API and CLI still work.
 */
export async function ensureConsoleBuilt(io: Io): Promise<void> {
  if (!existsSync(SCRIPT)) return;
  const { webStale } = (await import(new URL('../../scripts/build-web.mjs', import.meta.url).href)) as { webStale(): boolean };
  if (!webStale()) return;
  io.out('fluxo dev: building the console (web/dist is missing or older than web/)…');
  const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT], { timeout: 300_000 }).catch((error: { stderr?: string; message: string }) => ({ stderr: error.stderr || error.message }));
  const last = stderr.trim().split('\n').pop();
  if (last) io.err(`fluxo dev: the console was not built: ${last}`);
}
