import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import { decimalOf, sniff } from '../../src/domain/csv/sniff.js';
import type { Summary } from '../../src/domain/csv/summary.js';
import { createLocalStack } from '../../src/local/stack/compose.js';
import { UPLOADS_BUCKET } from '../../src/local/stack/topology.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { silentLogger } from '../../src/platform/logger.js';
import { inspect } from '../../src/workflows/csv/inspect-file.js';
import { mergePartials } from '../../src/workflows/csv/merge-partials.js';
import { planChunks, planSpeculativeManifest } from '../../src/workflows/csv/plan-chunks.js';
import type { Chunk, InspectedFile, WorkObject } from '../../src/workflows/csv/schemas.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../../src/workflows/csv/summarize-chunk.js';
import { summarizeObject } from '../../src/workflows/csv/summarize-small-file.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { CSV_MACHINE_PATHS } from '../support/csv-paths.js';

/**
 * The decimal mark: the sniffer weighs every field of its sample (`1.000` is no evidence), a
 * decimal comma that first appears past the sample is named in a warning on every path, and
 * the object's metadata (fluxo-decimal, fluxo-delimiter, fluxo-encoding) sets the dialect of a
 * file put in the bucket, on every path of the machine.
 */
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-dialect-'));
const objects = new FsObjectStore(root);
const BUCKET = 'files';
const WORK = 'work';
mkdirSync(path.join(root, BUCKET));

/** Floating-point sums differ in the last bits with the order of addition: 12 significant digits. */
const round = (value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(12)) : value);

// dc5.csv of the fresh-eyes report: pandas read_csv(sep=';', decimal=',', thousands='.').describe().
const DC5 = 'd;v;q\n01/02/2026;1.234,56;1.000\n02/02/2026;12,50;2.500\n03/02/2026;1.000;7\n04/02/2026;-0,01;3\n';
const DC5_PANDAS = {
  v: { count: 4, mean: round(561.7624999999999), std: round(648.5846688688121), min: -0.01, p25: 9.3725, p50: 506.25, p75: round(1058.6399999999999), max: 1234.56 },
  q: { count: 4, mean: 877.5, std: round(1178.9872772850435), min: 3, p25: 6, p50: 503.5, p75: 1375, max: 2500 },
};

// 5000 rows of whole amounts (past the 64 KB sample), then 100 with a decimal comma.
const LATE = ['data;valor;taxa', ...Array.from({ length: 5000 }, (_, i) => `01/01/2025;${(i * 7) % 300};1.5`), ...Array.from({ length: 100 }, (_, i) => `02/01/2025;${i},${String(i % 100).padStart(2, '0')};2.5`)].join('\n') + '\n';
const LATE_WARNING = 'column valor: text because 100 of its 5100 values are numbers only with a decimal comma (first: 0,00), and the file was read with decimal . (sniffed from its first 64 KB, or set): to read it as numbers pass --decimal , (fluxo summarize, fluxo upload) or put the file with metadata fluxo-decimal=,';

beforeAll(async () => {
  await objects.put(BUCKET, 'dc5.csv', DC5);
  await objects.put(BUCKET, 'late.csv', LATE);
  await objects.put(BUCKET, 'late-comma.csv', LATE, 'text/csv', { 'fluxo-decimal': ',' });
});
afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

const stats = (summary: Summary | null | undefined, name: string) => {
  const column = summary?.columns.find((entry) => entry.name === name);
  return column && { type: column.type, count: column.count, mean: round(column.mean), std: round(column.std), min: column.min, p25: round(column.p25), p50: round(column.p50), p75: round(column.p75), max: column.max };
};

async function inlineMap(file: InspectedFile, chunkBytes: number, run: string): Promise<Summary> {
  const chunks = await planChunks(objects, file, chunkBytes);
  expect(chunks.length).toBeGreaterThan(2);
  const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  return (await mergePartials(objects, partials, { file, exactMaxBytes: 0, executionName: run })).summary;
}

async function distributedMap(file: InspectedFile, chunkBytes: number, run: string): Promise<Summary> {
  const plan = await planSpeculativeManifest(objects, { ...file, huge: true }, { chunkBytes, workBucket: WORK, executionName: run, maxConcurrency: 3 });
  const chunks = JSON.parse((await objects.get(plan.manifest.bucket, plan.manifest.key)).toString('utf8')) as Chunk[];
  const answers = await Promise.all(chunks.map((chunk) => summarizeSpeculativeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  expect(answers.some((answer) => 'mismatch' in answer)).toBe(false);
  return (await mergePartials(objects, answers as WorkObject[], { file, exactMaxBytes: 0, executionName: run })).summary;
}

describe('the decimal mark the sniffer picks', () => {
  it('weighs the evidence: d.ddd,dd and d,dd are a decimal comma, 1.000 alone is no evidence', () => {
    expect(sniff(Buffer.from(DC5), 'dc5.csv', true)).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(decimalOf(';', ['1.000', '2.500', '1.000'])).toBe('.');
    expect(decimalOf(';', ['1.000', '2.500', '12,50'])).toBe(',');
    expect(decimalOf(';', ['1,5', '2.25', '3.5'])).toBe('.');
    expect(decimalOf(',', ['12,50'])).toBe('.');
  });

  it('reads dc5.csv as pandas does with decimal="," and thousands=".", on the small-file path and fluxo summarize', async () => {
    const file = await inspect(objects, { bucket: BUCKET, key: 'dc5.csv', etag: 'e' }, { largeBytes: Infinity });
    const summary = await summarizeObject(objects, file);
    expect([summary.decimal, stats(summary, 'v'), stats(summary, 'q')]).toEqual([',', { type: 'number', ...DC5_PANDAS.v }, { type: 'integer', ...DC5_PANDAS.q }]);
    const local = await summarizeLocalFile(path.join(root, BUCKET, 'dc5.csv'));
    expect([stats(local, 'v'), stats(local, 'q')]).toEqual([stats(summary, 'v'), stats(summary, 'q')]);
  });
});

describe('a decimal comma first seen past the sniffed sample', () => {
  it('warns naming the column and what to pass, on every path', async () => {
    expect(LATE.indexOf(',')).toBeGreaterThan(64 * 1024);
    const file = await inspect(objects, { bucket: BUCKET, key: 'late.csv', etag: 'e' }, { largeBytes: 1 });
    expect(file.decimal).toBe('.');
    const summaries: [string, Summary][] = [['small file', await summarizeObject(objects, file)], ['one thread', await summarizeLocalFile(path.join(root, BUCKET, 'late.csv'))]];
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    summaries.push(['workers', await summarizeLocalFile(path.join(root, BUCKET, 'late.csv'))]);
    for (const chunkBytes of [9_000, 30_001]) {
      summaries.push([`inline Map ${chunkBytes}`, await inlineMap(file, chunkBytes, `late-${chunkBytes}`)]);
      summaries.push([`Distributed Map ${chunkBytes}`, await distributedMap(file, chunkBytes, `late-huge-${chunkBytes}`)]);
    }
    for (const [where, summary] of summaries) expect([where, summary.columns.map((column) => column.type), summary.warnings]).toEqual([where, ['date', 'string', 'number'], [LATE_WARNING]]);
  }, 60_000);

  it('a column of words says nothing, nor one that holds numbers only with the file\'s mark', async () => {
    await objects.put(BUCKET, 'words.csv', 'a;b;c\n1;x;1\n2,5;y;2\n3;1,5 kg;3\n');
    const summary = await summarizeObject(objects, await inspect(objects, { bucket: BUCKET, key: 'words.csv', etag: 'e' }, { largeBytes: Infinity }, { decimal: '.' }));
    expect(summary.columns.map((column) => column.type)).toEqual(['string', 'string', 'integer']);
    expect(summary.warnings).toEqual([expect.stringMatching(/^column a: text because 1 of its 3 values/)]);
  });

  it('fluxo-decimal in the object\'s metadata reads the column as numbers, as pandas with decimal=","', async () => {
    const file = await inspect(objects, { bucket: BUCKET, key: 'late-comma.csv', etag: 'e' }, { largeBytes: 1 });
    expect(file.decimal).toBe(',');
    const summary = await summarizeObject(objects, file);
    // pandas read_csv(sep=';', decimal=','): valor float64, taxa (1.5, 2.5) text.
    expect([stats(summary, 'valor')?.type, stats(summary, 'valor')?.count, stats(summary, 'taxa')?.type, summary.warnings]).toEqual(['number', 5100, 'string', [expect.stringMatching(/^column taxa: .* pass --decimal \. /)]]);
    const valor = stats(summary, 'valor');
    const sum = Array.from({ length: 5000 }, (_, i) => (i * 7) % 300).reduce((a, b) => a + b, 0) + Array.from({ length: 100 }, (_, i) => i + (i % 100) / 100).reduce((a, b) => a + b, 0);
    expect([valor?.mean, valor?.min, valor?.max]).toEqual([round(sum / 5100), 0, 299]);
  });

  it('a bad value in the metadata fails InspectFile naming the file and the setting', async () => {
    await objects.put(BUCKET, 'bad.csv', 'a;b\n1;2\n', 'text/csv', { 'fluxo-decimal': ';' });
    await expect(inspect(objects, { bucket: BUCKET, key: 'bad.csv', etag: 'e' }, { largeBytes: 1 })).rejects.toThrow('bad.csv: metadata fluxo-decimal must be . or ,, got ";"');
  });
});

describe('the CsvSummary machine on the local engine, the dialect in the object\'s metadata', () => {
  let database: TestDb;
  beforeAll(async () => {
    database = await openTestDb();
  });
  afterAll(() => database.drop());

  it.each(CSV_MACHINE_PATHS)('%s: sniffed, a warning; with fluxo-decimal=",", numbers', async (_path, env) => {
    const stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), env, workers: 0 });
    try {
      const prefix = `incoming/dialect-${Object.keys(env).length}`;
      await stack.objects.put(UPLOADS_BUCKET, `${prefix}/late.csv`, LATE);
      await stack.objects.put(UPLOADS_BUCKET, `${prefix}/late-comma.csv`, LATE, 'text/csv', { 'fluxo-decimal': ',' });
      await stack.settle();
      const stored = await new PgSummaryRepository(database.db).list();
      const sniffed = stored.find((entry) => entry.key === `${prefix}/late.csv`);
      const forced = stored.find((entry) => entry.key === `${prefix}/late-comma.csv`);
      expect([sniffed?.status, sniffed?.summary?.decimal, sniffed?.summary?.warnings]).toEqual(['summarized', '.', [LATE_WARNING]]);
      expect([forced?.status, forced?.summary?.decimal, forced?.summary?.columns.map((column) => column.type)]).toEqual(['summarized', ',', ['date', 'number', 'string']]);
    } finally {
      await stack.close();
    }
  }, 180_000);
});
