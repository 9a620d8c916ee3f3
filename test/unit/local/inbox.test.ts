import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../../src/adapters/local/fs-object-store.js';
import { InboxWatcher } from '../../../src/local/stack/inbox.js';
import { createLogger } from '../../../src/platform/logger.js';
import { UPLOADS_BUCKET } from '../../../src/local/stack/topology.js';

describe('the inbox folder', () => {
  it('sets aside a file whose name cannot be a key, and still takes the others', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fluxo-inbox-'));
    const inbox = path.join(root, 'inbox');
    mkdirSync(inbox);
    const objects = new FsObjectStore(path.join(root, 'objects'));
    const watcher = new InboxWatcher(inbox, objects, async () => undefined, createLogger({ service: 'test', level: 'silent' }), 60_000);
    await watcher.start();
    writeFileSync(path.join(inbox, 'bad\u0001name.csv'), 'a\n1\n');
    writeFileSync(path.join(inbox, 'good.csv'), 'a\n1\n');
    // Seen once (size noted), then taken.
    await watcher.scan();
    expect(await watcher.scan()).toEqual(['good.csv']);
    await watcher.stop();
    expect((await objects.list(UPLOADS_BUCKET)).map((object) => object.key)).toEqual(['incoming/good.csv']);
    expect(readdirSync(path.join(inbox, 'failed'))).toEqual([expect.stringMatching(/^\d+-refused\.csv$/)]);
    expect(readdirSync(inbox).filter((name) => name.endsWith('.csv'))).toEqual([]);
  });

  it('puts a dropped file with the dialect of its sidecar, else of the folder\'s dialect.json, as the object\'s metadata', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fluxo-inbox-'));
    const inbox = path.join(root, 'inbox');
    mkdirSync(inbox);
    const objects = new FsObjectStore(path.join(root, 'objects'));
    const watcher = new InboxWatcher(inbox, objects, async () => undefined, createLogger({ service: 'test', level: 'silent' }), 60_000);
    await watcher.start();
    writeFileSync(path.join(inbox, 'dialect.json'), JSON.stringify({ decimal: ',' }));
    writeFileSync(path.join(inbox, 'tab.csv.json'), JSON.stringify({ delimiter: '\t', encoding: 'latin1' }));
    writeFileSync(path.join(inbox, 'tab.csv'), 'a\tb\n1\t2\n');
    writeFileSync(path.join(inbox, 'plain.csv'), 'a;b\n1,5;2\n');
    await watcher.scan();
    expect((await watcher.scan()).sort()).toEqual(['plain.csv', 'tab.csv']);
    await watcher.stop();
    const metadata = async (key: string) => (await objects.head(UPLOADS_BUCKET, key)).metadata;
    expect([await metadata('incoming/tab.csv'), await metadata('incoming/plain.csv')]).toEqual([{ 'fluxo-delimiter': 'tab', 'fluxo-encoding': 'latin1' }, { 'fluxo-decimal': ',' }]);
    // The sidecar went with its file; the folder's dialect.json stays for the next ones.
    expect(readdirSync(inbox).filter((name) => name.endsWith('.json'))).toEqual(['dialect.json']);
  });
});
