import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeWhole } from '../adapters/local/whole-file.js';

/** What `fluxo dev` writes to `<home>/dev.json` (mode 0600) so other commands can reach it. */
export interface DevLock {
  pid: number;
  port: number;
  /** Sent as `Authorization: Bearer <token>` to `/api/cli`. */
  token: string;
}

/** Written whole or not at all (temporary file, then rename), readable by this user only. */
export async function writeDevLock(home: string, lock: DevLock): Promise<void> {
  await writeWhole(path.join(home, 'dev.json'), JSON.stringify(lock), { mode: 0o600 });
}

/** Removes dev.json when it is this process's own (a second `fluxo dev` never removes the first one's). */
export async function removeDevLock(home: string): Promise<void> {
  if ((await readDevLock(home))?.pid === process.pid) await rm(path.join(home, 'dev.json'), { force: true });
}

/** What dev.json says, as written (no check that the process still runs). */
export async function readDevLock(home: string): Promise<DevLock | undefined> {
  const text = await readFile(path.join(home, 'dev.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseLock(text);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parseLock(text: string): DevLock | undefined {
  try {
    const lock = JSON.parse(text) as Partial<DevLock>;
    return Number.isInteger(lock.pid) && Number.isInteger(lock.port) && typeof lock.token === 'string' ? (lock as DevLock) : undefined;
  } catch {
    return undefined;
  }
}

/** Does the server on `lock.port` say it is process `lock.pid`? (A pid can be reused by another program.) */
async function answers(lock: DevLock): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${lock.port}/health`, { signal: AbortSignal.timeout(2000) });
    return ((await response.json()) as { pid?: number }).pid === lock.pid;
  } catch {
    return false;
  }
}

/**
 * The running dev server of this FLUXO_HOME, if any. A corrupt or stale
 * `dev.json` (a dead process, or a pid now used by something else) means "no dev
 * server": it is removed with a one-line notice on `notice`.
 */
export async function findDevServer(home: string, notice: (line: string) => void = () => undefined): Promise<DevLock | undefined> {
  const file = path.join(home, 'dev.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lock = parseLock(text);
  if (lock?.pid === process.pid) return undefined;
  if (lock && alive(lock.pid) && (await answers(lock))) return lock;
  await rm(file, { force: true });
  notice(`fluxo: removed ${lock ? `a stale ${file} (pid ${lock.pid} is not a fluxo dev server)` : `an unreadable ${file}`}; running without the dev server`);
  return undefined;
}

/** Runs the command inside the dev server, which owns the local database and queues. */
export async function forward(lock: DevLock, argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const response = await fetch(`http://127.0.0.1:${lock.port}/api/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${lock.token}` },
    body: JSON.stringify(stdin === undefined ? { argv } : { argv, stdin }),
  });
  if (!response.ok) {
    const detail = ((await response.json().catch(() => ({}))) as { message?: string }).message;
    throw new Error(`the dev server (pid ${lock.pid}) answered ${response.status}${detail ? `: ${detail}` : ''}`);
  }
  return (await response.json()) as { code: number; stdout: string; stderr: string };
}
