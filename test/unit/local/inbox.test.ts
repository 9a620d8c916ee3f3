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
});
