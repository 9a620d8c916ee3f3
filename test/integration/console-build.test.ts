import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A checkout of what the console is built from, as a fresh clone has it: no web/dist. */
function checkout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxo-console-'));
  for (const item of ['web/index.html', 'web/src', 'web/tsconfig.json', 'vite.config.ts', 'src/domain', 'scripts/build-web.mjs']) cpSync(item, path.join(root, item), { recursive: true });
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

const stale = async (root: string): Promise<boolean> => ((await import(path.join(root, 'scripts/build-web.mjs'))) as { webStale(): boolean }).webStale();

describe('the console is built by install (prepare) and by fluxo dev when missing or stale', () => {
  let root: string;
  beforeAll(() => {
    root = checkout();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds web/dist from a clone without one, with every asset the page names', async () => {
    expect(await stale(root)).toBe(true);
    await run(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { cwd: root, timeout: 120_000 });
    const html = readFileSync(path.join(root, 'web/dist/index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(existsSync(path.join(root, 'web/dist', asset))).toBe(true);
    expect(await stale(root)).toBe(false);
  }, 150_000);

  it('counts the console stale again when one of its sources, or the domain code it imports, is newer', async () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src/domain/format.ts'), later, later);
    expect(await stale(root)).toBe(true);
  });
});
