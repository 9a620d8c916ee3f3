import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { utf16Of } from '../../src/domain/utf16.js';
import { fluxo } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'utf16-test-'));
// The commands' own temporary folder, so a copy left behind is theirs, not another run's on this machine.
const temp = mkdtempSync(path.join(tmpdir(), 'utf16-tmp-'));
const env = { TMPDIR: temp };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});
// Excel's "Unicode text" is tab-separated UTF-16LE with a BOM; accents and a CRLF on every line.
const text = 'data\tcategoria\tvalor\r\n2024-01-05\tAlimentação\t12,50\r\n2024-01-06\tTransporte\t8\r\n2024-01-07\tAlimentação\t\r\n';
const be = (value: string) => Buffer.from(value, 'utf16le').swap16();
const files = {
  'utf8.csv': Buffer.from(text, 'utf8'),
  'le-bom.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  'be-bom.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]),
  'le-no-bom.csv': Buffer.from(text, 'utf16le'),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);

describe('UTF-16 CSV files', () => {
  it('are told apart from UTF-8 and binary data by their first bytes', () => {
    expect(utf16Of(files['le-bom.csv'])).toBe('utf-16le');
    expect(utf16Of(files['be-bom.csv'])).toBe('utf-16be');
    expect(utf16Of(files['le-no-bom.csv'])).toBe('utf-16le');
    expect(utf16Of(files['utf8.csv'])).toBeUndefined();
    expect(utf16Of(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toBeUndefined();
  });

  it('fluxo summarize reads them (BOM or not, either byte order) with the same statistics as the UTF-8 file, with no copy', async () => {
    const expected = JSON.parse((await fluxo(['summarize', path.join(dir, 'utf8.csv'), '--json'], env)).stdout) as { encoding: string; columns: unknown };
    for (const [name, encoding] of [['le-bom.csv', 'utf-16le'], ['be-bom.csv', 'utf-16be'], ['le-no-bom.csv', 'utf-16le']] as const) {
      const result = await fluxo(['summarize', path.join(dir, name), '--json'], env);
      expect([name, result.code, result.stderr]).toEqual([name, 0, '']);
      const summary = JSON.parse(result.stdout) as { rows: number; encoding: string; delimiter: string; columns: unknown };
      expect(summary).toMatchObject({ rows: 3, encoding, delimiter: '\t', columns: expected.columns });
    }
    for (const [name, encoding] of [['le-no-bom.csv', 'utf-16le'], ['be-bom.csv', 'utf-16'], ['le-bom.csv', 'UTF-16']]) {
      const forced = await fluxo(['summarize', path.join(dir, name as string), '--encoding', encoding as string, '--json'], env);
      expect([name, forced.code, (JSON.parse(forced.stdout) as { columns: unknown }).columns]).toEqual([name, 0, expected.columns]);
    }
    expect(readdirSync(temp).filter((entry) => entry.startsWith('fluxo-utf16-'))).toEqual([]);
  }, 60_000);

  it('fluxo upload puts a UTF-16 file in as it is, as a drop in S3 would, and the stored summary is the UTF-8 file\'s', async () => {
    const home = mkdtempSync(path.join(temp, 'home-'));
    const upload = async (name: string, as: string) => fluxo(['upload', path.join(dir, name), '--as', as], { ...env, FLUXO_HOME: home });
    const plain = await upload('utf8.csv', 'plain.csv');
    const wide = await upload('be-bom.csv', 'wide.csv');
    expect([wide.code, wide.stderr.trim()]).toEqual([0, '']);
    expect(JSON.parse(wide.stdout)).toMatchObject({ status: 'summarized', rows: 3 });
    const show = async (id: number) => (JSON.parse((await fluxo(['summaries', 'show', String(id), '--json'], { ...env, FLUXO_HOME: home })).stdout) as { summary: { columns: unknown } }).summary.columns;
    expect(await show((JSON.parse(wide.stdout) as { id: number }).id)).toEqual(await show((JSON.parse(plain.stdout) as { id: number }).id));
    expect(readdirSync(temp).filter((entry) => entry.startsWith('fluxo-utf16-'))).toEqual([]);
  }, 120_000);
});
