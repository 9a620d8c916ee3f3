import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../../src/adapters/local/fs-object-store.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('the local object store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fluxo-objects-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("gives an object S3's single-part ETag, the MD5 of its bytes: the same bytes put again keep it, other bytes change it", async () => {
    const store = new FsObjectStore(root);
    const first = await store.put('uploads', 'incoming/sales.csv', 'a,b\n1,2\n');
    expect(first.etag).toBe(md5('a,b\n1,2\n'));
    const again = await store.put('uploads', 'incoming/sales.csv', 'a,b\n1,2\n');
    expect(again.etag).toBe(first.etag);
    const changed = await store.put('uploads', 'incoming/sales.csv', 'a,b\n1,3\n');
    expect(changed.etag).toBe(md5('a,b\n1,3\n'));
    expect((await store.list('uploads')).map((info) => info.etag)).toEqual([changed.etag]);
  });

  it('computes the ETag again when the file changed behind its back (another mtime), and forgets it on delete', async () => {
    const store = new FsObjectStore(root);
    await store.put('uploads', 'x.csv', 'one\n');
    const file = store.pathOf('uploads', 'x.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'two\n');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect((await store.head('uploads', 'x.csv')).etag).toBe(md5('two\n'));
    await store.delete('uploads', 'x.csv');
    await expect(store.head('uploads', 'x.csv')).rejects.toThrow('uploads/x.csv not found');
    expect(await store.list('uploads')).toEqual([]);
  });

  it("with version ETags (fluxo summarize's store), names a file's size and mtime without reading it, and keeps no ETag file", async () => {
    const store = new FsObjectStore(root, 'version');
    await store.put('uploads', 'x.csv', 'one\n');
    const file = store.pathOf('uploads', 'x.csv');
    await utimes(file, new Date(), new Date(Date.UTC(2026, 11, 7)));
    const first = (await store.head('uploads', 'x.csv')).etag;
    expect(first).toBe(`4-${Date.UTC(2026, 11, 7).toString(16)}`);
    const { readdir, writeFile } = await import('node:fs/promises');
    await writeFile(file, 'three\n');
    await utimes(file, new Date(), new Date(Date.UTC(2026, 11, 7)));
    expect((await store.head('uploads', 'x.csv')).etag).toBe(`6-${Date.UTC(2026, 11, 7).toString(16)}`);
    expect(await readdir(root)).toEqual(['uploads']);
  });
});
