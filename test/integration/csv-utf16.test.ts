import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import type { Summary } from '../../src/domain/csv/summary.js';
import { createLocalStack } from '../../src/local/stack/compose.js';
import { UPLOADS_BUCKET } from '../../src/local/stack/topology.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { silentLogger } from '../../src/platform/logger.js';
import { exactQuartiles } from '../../src/workflows/csv/exact-quartiles.js';
import { inspect } from '../../src/workflows/csv/inspect-file.js';
import { mergePartials } from '../../src/workflows/csv/merge-partials.js';
import { planChunks, planManifest, planSpeculativeManifest } from '../../src/workflows/csv/plan-chunks.js';
import { refineChunk } from '../../src/workflows/csv/refine-chunk.js';
import type { Chunk, InspectedFile, WorkObject } from '../../src/workflows/csv/schemas.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../../src/workflows/csv/summarize-chunk.js';
import { summarizeObject } from '../../src/workflows/csv/summarize-small-file.js';
import { generatedCsv, LINE_ENDINGS } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { seeded } from '../support/random.js';
import { CSV_MACHINE_PATHS } from '../support/csv-paths.js';

/**
 * UTF-16 files (Excel's "Unicode text": UTF-16LE with a BOM; UTF-16BE too) on every path,
 * each against one pass over the same text in UTF-8: `fluxo summarize` on one thread and
 * on worker threads, the inline Map and the Distributed Map at random chunk sizes (emoji,
 * surrogate pairs, wherever the ranges fall), and the CsvSummary machine on the local
 * engine with lowered CSV_LARGE_BYTES / CSV_HUGE_BYTES.
 */
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-utf16-'));
const objects = new FsObjectStore(root);
const BUCKET = 'files';
const dir = path.join(root, BUCKET);
mkdirSync(dir);
const WORK = 'work';

/** A generated CSV (all line endings, quoted CR/LF/CRLF, blank lines) with characters past U+FFFF in most rows. */
function textOf(seed: number, ending: (typeof LINE_ENDINGS)[number]): string {
  const text = generatedCsv(seed, ending, 1500).toString('utf8').replace(/^\uFEFF/, '');
  return text.replaceAll('Zé', 'Zé 😀').replaceAll('ok ok', 'ok 👍🏽 ok').replaceAll('Ana', '𝒳 Ana 🎉').replaceAll('line two', 'line 😀 two');
}

const utf16 = (text: string, encoding: 'utf-16le' | 'utf-16be', bom: boolean): Buffer => {
  const le = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
};

/** Windows-1252 bytes of text whose characters it has: Latin-1's letters, and € “ ” ‘ ’ – — … in 0x80-0x9F. */
const WINDOWS_1252: Record<string, string> = { '€': '\x80', '…': '\x85', '‘': '\x91', '’': '\x92', '“': '\x93', '”': '\x94', '–': '\x96', '—': '\x97' };
const windows1252 = (text: string): Buffer => Buffer.from(text.replace(/[€…‘’“”–—]/g, (char) => WINDOWS_1252[char] as string), 'latin1');

const FILES = LINE_ENDINGS.flatMap((ending, kind) => {
  const text = textOf(300 + kind, ending);
  const legacy = generatedCsv(310 + kind, ending, 1500).toString('utf8').replace(/^\uFEFF/, '').replaceAll('Zé', 'Zé “€ 9,90”').replaceAll('ok ok', 'ok – ok…').replaceAll('Ana', 'Ana’s — Conceição');
  return [
    { name: `cp-${kind}.csv`, utf8: `u8-cp-${kind}.csv`, encoding: 'windows-1252', bytes: windows1252(legacy), text: legacy },
    { name: `le-${kind}.csv`, utf8: `u8-${kind}.csv`, encoding: 'utf-16le', bytes: utf16(text, 'utf-16le', true), text },
    { name: `be-${kind}.csv`, utf8: `u8-${kind}.csv`, encoding: 'utf-16be', bytes: utf16(text, 'utf-16be', true), text },
    ...(kind === 1 ? [{ name: `le-nobom-${kind}.csv`, utf8: `u8-${kind}.csv`, encoding: 'utf-16le', bytes: utf16(text, 'utf-16le', false), text }] : []),
  ];
});

/** The one-pass summary of the same text stored as UTF-8, per UTF-8 file. */
const onePass: Record<string, Summary> = {};

function expectSame(actual: Summary | null | undefined, utf8: string, encoding: string, where: string): void {
  const expected = onePass[utf8] as Summary;
  const round = (value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(10)) : value);
  const view = (summary: Summary) => ({ ...summary, columns: summary.columns.map((column) => Object.fromEntries(Object.entries(column).map(([key, value]) => [key, round(value)]))) });
  expect([where, actual && view(actual)]).toEqual([where, view({ ...expected, encoding })]);
}

async function inlineMap(file: InspectedFile, chunks: Chunk[], run: string): Promise<Summary> {
  const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  const merged = await mergePartials(objects, partials, { file, exactMaxBytes: Infinity, executionName: run });
  if (!merged.refine) return merged.summary;
  const plan = merged.refine;
  const refined = await Promise.all(chunks.map((chunk) => refineChunk(objects, { file, chunk, plan, executionName: run })));
  return exactQuartiles(objects, merged.summary, plan, refined);
}

async function distributedMap(file: InspectedFile, chunkBytes: number, run: string): Promise<{ summary: Summary; held: boolean }> {
  const plan = await planSpeculativeManifest(objects, file, { chunkBytes, workBucket: WORK, executionName: run, maxConcurrency: 3 });
  const chunks = JSON.parse((await objects.get(plan.manifest.bucket, plan.manifest.key)).toString('utf8')) as Chunk[];
  if (file.encoding.startsWith('utf-16')) expect(chunks.every((chunk) => chunk.start % 2 === 0)).toBe(true);
  const answers = await Promise.all(chunks.map((chunk) => summarizeSpeculativeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  if (answers.every((answer) => !('mismatch' in answer))) return { summary: (await mergePartials(objects, answers as WorkObject[], { file, exactMaxBytes: 0, executionName: run })).summary, held: true };
  const exact = await planManifest(objects, file, { chunkBytes, workBucket: WORK, executionName: `${run}-exact`, maxConcurrency: 3 });
  const scanned = JSON.parse((await objects.get(exact.manifest.bucket, exact.manifest.key)).toString('utf8')) as Chunk[];
  const partials = await Promise.all(scanned.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: WORK, executionName: `${run}-exact` })));
  return { summary: (await mergePartials(objects, partials, { file, exactMaxBytes: 0, executionName: `${run}-exact` })).summary, held: false };
}

beforeAll(async () => {
  for (const { name, utf8, bytes, text } of FILES) {
    writeFileSync(path.join(dir, name), bytes);
    if (onePass[utf8]) continue;
    writeFileSync(path.join(dir, utf8), text);
    onePass[utf8] = await summarizeObject(objects, await inspect(objects, { bucket: BUCKET, key: utf8, etag: 'e' }, { largeBytes: Infinity }));
  }
});
afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

describe('a UTF-16 or Windows-1252 CSV on every path reads as the same text in UTF-8 does', () => {
  it.each(FILES)('$name: InspectFile records its encoding; the small-file path and fluxo summarize on one and on 3 threads', async ({ name, utf8, encoding, bytes }) => {
    if (encoding === 'windows-1252') expect(bytes.filter((byte) => byte >= 0x80 && byte < 0xa0).length).toBeGreaterThan(100);
    const file = await inspect(objects, { bucket: BUCKET, key: name, etag: 'e' }, { largeBytes: Infinity });
    expect([file.encoding, file.delimiter, file.header]).toEqual([encoding, ',', onePass[utf8]?.columns.map((column) => column.name)]);
    expect(onePass[utf8]?.rows).toBe(1500);
    expectSame(await summarizeObject(objects, file), utf8, encoding, 'small file');
    expectSame(await summarizeLocalFile(path.join(dir, name)), utf8, encoding, 'one thread');
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    expectSame(await summarizeLocalFile(path.join(dir, name)), utf8, encoding, 'workers');
  });

  it.each(FILES)('$name: the inline Map and the Distributed Map at random chunk sizes', async ({ name, utf8, encoding, bytes }) => {
    const random = seeded(bytes.length + name.length);
    const file = await inspect(objects, { bucket: BUCKET, key: name, etag: 'e' }, { largeBytes: 1 });
    let held = 0;
    for (let i = 0; i < 6; i++) {
      // Odd sizes too: the speculative plan rounds them to even offsets.
      const chunkBytes = Math.ceil(bytes.length / 30 + random() * (bytes.length / 3));
      const chunks = await planChunks(objects, file, chunkBytes);
      if (encoding !== 'windows-1252') expect(chunks.map((chunk) => [chunk.start % 2, (chunk.end + 1) % 2])).toEqual(chunks.map(() => [0, 0]));
      expectSame(await inlineMap(file, chunks, `${name}-${i}`), utf8, encoding, `inline Map, ${chunkBytes}-byte chunks`);
      const huge = await distributedMap({ ...file, huge: true }, chunkBytes, `${name}-huge-${i}`);
      held += huge.held ? 1 : 0;
      expectSame(huge.summary, utf8, encoding, `Distributed Map, ${chunkBytes}-byte chunks`);
    }
    expect(held).toBeLessThan(6);
  }, 60_000);
});

describe('the CsvSummary machine on the local engine, UTF-16 files put in the bucket as they are', () => {
  let database: TestDb;
  beforeAll(async () => {
    database = await openTestDb();
  });
  afterAll(() => database.drop());

  it.each(CSV_MACHINE_PATHS)('summarizes them on %s as one pass over the UTF-8 text does', async (_path, env) => {
    const stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), env, workers: 0 });
    try {
      const prefix = `incoming/utf16-${Object.keys(env).length}`;
      for (const { name, bytes } of FILES) await stack.objects.put(UPLOADS_BUCKET, `${prefix}/${name}`, bytes);
      await stack.settle();
      const stored = await new PgSummaryRepository(database.db).list();
      for (const { name, utf8, encoding } of FILES) {
        const file = stored.find((entry) => entry.key === `${prefix}/${name}`);
        expect([name, file?.status, file?.reason]).toEqual([name, "summarized", null]);
        expectSame(file?.summary, utf8, encoding, name);
      }
    } finally {
      await stack.close();
    }
  }, 180_000);
});

describe('a file of another encoding', () => {
  // 2500 ASCII rows (past the sniffer's 64 KB), then Latin-1 "José" on line 2503 (the header is line 1).
  const rows = ['id,name,amount', ...Array.from({ length: 2501 }, (_, i) => `${i},name number ${i},${i * 3}.25`)];
  const head = Buffer.from(rows.join('\r\n') + '\r\n');
  const bytes = Buffer.concat([head, Buffer.from('2501,Jos\xe9,1.5\r\n2502,Ana,2\r\n', 'latin1')]);
  const offset = head.length + 8;
  const message = `late.csv: line 2503: byte 0xE9 at offset ${offset} is not UTF-8, though the file's first 64 KB are: save it as UTF-8`;

  beforeAll(() => {
    writeFileSync(path.join(dir, 'late.csv'), bytes);
    writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from('id;nome\r\n1;\x93Jos\xe9\x94\r\n2;Conce\xe7\xe3o\r\n', 'latin1'));
  });

  it('not UTF-8 past the sniffer\'s sample: every path fails in one line naming the byte, its offset and its line, as pandas refuses it', async () => {
    expect(head.length).toBeGreaterThan(64 * 1024);
    const file = await inspect(objects, { bucket: BUCKET, key: 'late.csv', etag: 'e' }, { largeBytes: 1 });
    expect(file.encoding).toBe('utf-8');
    await expect(summarizeObject(objects, file)).rejects.toThrow(message);
    for (const chunkBytes of [20_000, 33_333, 100_000]) {
      await expect(inlineMap(file, await planChunks(objects, file, chunkBytes), `late-${chunkBytes}`)).rejects.toThrow(message);
      // A speculative chunk answers mismatch; the scanned plan's chunk names the line.
      await expect(distributedMap({ ...file, huge: true }, chunkBytes, `late-huge-${chunkBytes}`)).rejects.toThrow(message);
    }
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    await expect(summarizeLocalFile(path.join(dir, 'late.csv'))).rejects.toThrow(message);
  });

  it('not UTF-8 from the start is read as Windows-1252 (Latin-1 when asked for)', async () => {
    const summary = await summarizeLocalFile(path.join(dir, 'latin1.csv'));
    expect([summary.encoding, summary.columns[1]?.top, summary.columns[1]?.unique]).toEqual(['windows-1252', '“José”', 2]);
    const latin1 = await summarizeLocalFile(path.join(dir, 'latin1.csv'), { encoding: 'latin1' });
    expect([latin1.encoding, latin1.columns[1]?.top]).toEqual(['latin1', '\x93José\x94']);
  });
});
