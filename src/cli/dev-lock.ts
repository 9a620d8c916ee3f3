import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { alive, readDevLock } from './forward.js';

/**
 * One `fluxo dev` per data folder. `<home>/dev.lock` names the process that owns
 * the folder; it is taken before anything in the folder is opened, so a second
 * `fluxo dev` exits 2 at once and touches nothing (no database opened, no
 * execution recovered, no dev.json removed on its way out). A lock whose process
 * is gone (kill -9) is taken over.
 */
const LOCK = 'dev.lock';

/**
 * The data folder is its owner's alone: created 0700, and what this process writes is 0600
 * (but PGlite's own files under pgdata/, which its file system layer makes 0666: the 0700
 * folders above them keep other users out).
 */
export async function ownDataFolder(home: string): Promise<void> {
  process.umask(0o077);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
}

async function holder(file: string): Promise<number | undefined> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

/** Takes the folder's lock or throws UsageError "already running on port N (pid P)"; returns the release. */
export async function takeDevLock(home: string): Promise<() => Promise<void>> {
  const file = path.join(home, LOCK);
  const mine = `${file}.${randomUUID()}.tmp`;
  await writeFile(mine, `${process.pid}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // link() fails when the lock exists: exactly one process gets it, and never a half-written one.
        await link(mine, file);
        return async () => {
          if ((await readFile(file, 'utf8').catch(() => '')).trim() === String(process.pid)) await rm(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const pid = await holder(file);
      if (pid !== undefined) {
        const running = await readDevLock(home);
        throw new UsageError(running?.pid === pid ? `already running on port ${running.port} (pid ${pid})` : `already starting in ${home} (pid ${pid})`);
      }
      // Left by a process that is gone: moved aside (one taker wins the rename), then taken.
      const aside = `${file}.${randomUUID()}.stale.tmp`;
      await rename(file, aside).then(() => rm(aside, { force: true })).catch(() => undefined);
    }
    throw new UsageError(`could not take ${file}`);
  } finally {
    await rm(mine, { force: true });
  }
}
