import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `file` whole or not at all: the data goes to a uniquely named `*.tmp` beside
 * it, then is renamed over it. A process killed mid-write leaves a `.tmp` (which
 * removeTempFiles sweeps), never a half-written file.
 */
export async function writeWhole(file: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx', mode: options.mode });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the `*.tmp` files a killed process left anywhere under `root`; returns how many. */
export async function removeTempFiles(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const leftovers = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tmp'));
  await Promise.all(leftovers.map((entry) => rm(path.join(entry.parentPath, entry.name), { force: true })));
  return leftovers.length;
}
