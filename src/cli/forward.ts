import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What `fluxo dev` writes to `<home>/dev.json` so other commands can reach it. */
export interface DevLock {
  pid: number;
  port: number;
}

export async function writeDevLock(home: string, lock: DevLock): Promise<void> {
  await writeFile(path.join(home, 'dev.json'), JSON.stringify(lock));
}

export async function removeDevLock(home: string): Promise<void> {
  await rm(path.join(home, 'dev.json'), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running dev server of this FLUXO_HOME, if any. */
export async function findDevServer(home: string): Promise<DevLock | undefined> {
  const text = await readFile(path.join(home, 'dev.json'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lock = JSON.parse(text) as DevLock;
  if (lock.pid === process.pid || !alive(lock.pid)) return undefined;
  return lock;
}

/** Runs the command inside the dev server, which owns the local database and queues. */
export async function forward(lock: DevLock, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const response = await fetch(`http://127.0.0.1:${lock.port}/api/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ argv }),
  });
  if (!response.ok) throw new Error(`the dev server (pid ${lock.pid}) answered ${response.status}`);
  return (await response.json()) as { code: number; stdout: string; stderr: string };
}
