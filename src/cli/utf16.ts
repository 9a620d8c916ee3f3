import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { utf16Of, type Utf16 } from '../domain/utf16.js';

export { utf16Of };

/** The names `--encoding` takes for UTF-16. */
export const UTF16_NAMES: Record<string, Utf16> = { 'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', utf16: 'utf-16le', 'utf-16be': 'utf-16be', utf16be: 'utf-16be' };

export async function headOf(file: string, bytes = 512): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A UTF-8 copy of a UTF-16 file (its BOM dropped) in a private temporary folder, streamed; `remove()` deletes it. */
export async function utf8Copy(file: string, encoding: Utf16): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fluxo-utf16-'));
  const copy = path.join(dir, path.basename(file));
  const decoder = new TextDecoder(encoding);
  const out = createWriteStream(copy, { mode: 0o600 });
  try {
    for await (const chunk of createReadStream(file)) {
      if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
    }
    out.end(decoder.decode());
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path: copy, remove: () => rm(dir, { recursive: true, force: true }) };
}
