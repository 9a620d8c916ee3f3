import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import type { ColumnSummary, Summary } from '../../src/domain/csv/summary.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { exactQuartiles } from '../../src/workflows/csv/exact-quartiles.js';
import { inspect } from '../../src/workflows/csv/inspect-file.js';
import { mergePartials } from '../../src/workflows/csv/merge-partials.js';
import { planChunks, planSpeculativeManifest } from '../../src/workflows/csv/plan-chunks.js';
import { refineChunk } from '../../src/workflows/csv/refine-chunk.js';
import type { Chunk, InspectedFile, WorkObject } from '../../src/workflows/csv/schemas.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../../src/workflows/csv/summarize-chunk.js';
import { summarizeObject } from '../../src/workflows/csv/summarize-small-file.js';
import { infinitiesFile, lateText, seventhNinthText, tiesFile } from '../support/csv-exact.js';

/**
 * unique/top/freq (and the statistics of columns with infinities) equal pandas 3.0.6's on every path: one pass (the small-file Lambda),
 * `fluxo summarize` on worker threads, the inline Map (scanned chunks, then RefineChunks) and
 * the Distributed Map (speculative chunks, then RefineHugeChunks), cut into 9 chunks. The
 * expected values were computed by pandas 3.0.6 (`read_csv` + `describe(include='all')`) on
 * the bytes test/support/csv-exact.ts writes.
 */
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-exact-distinct-'));
const objects = new FsObjectStore(root);
const BUCKET = 'files';
const WORK = 'work';
mkdirSync(path.join(root, BUCKET));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

type Expected = Partial<ColumnSummary>[];

const CASES: { name: string; bytes: string; expected: Expected }[] = [
  // 30 000 amounts (10 000 different ones are past the numeric budget), then `n.d.` in the last rows.
  { name: 'late-text.csv', bytes: lateText(), expected: [{ name: 'amount', type: 'string', count: 30_000, unique: 29_876, top: '27516.94', freq: 2, exact: true }] },
  // Text only in the seventh ninth of the rows: one chunk of nine turns the column to text.
  { name: 'seventh-ninth.csv', bytes: seventhNinthText(), expected: [{ name: 'amount', type: 'string', count: 27_000, unique: 26_842, top: 'n.d.', freq: 60, exact: true }] },
  ...[
    { seed: 1, tops: ['1e1', '2', 'False', 'a'] },
    { seed: 2, tops: ['2.0', '3', 'False', 'a'] },
    { seed: 3, tops: ['x', '3', '1', 'a'] },
  ].map(({ seed, tops }) => ({
    name: `ties-${seed}.csv`,
    bytes: tiesFile(seed),
    expected: [
      { name: 'n1', count: 2016, unique: 9, top: tops[0], freq: 224 },
      { name: 'n2', count: 1440, unique: 5, top: tops[1], freq: 288 },
      { name: 'bools', count: 2016, unique: 6, top: tops[2], freq: 336 },
      { name: 'text', count: 1512, unique: 5, top: tops[3], freq: 504 },
      // `inf` makes it a float column; `007`, `-0` are numbers then.
      { name: 'zeros', type: 'number' as const, count: 2016, unique: null, mean: 'inf', std: null, min: -7, p25: 0, p50: 7, p75: 7, max: 'inf' },
    ],
  })),
  // Infinities in every spelling (JSON: "inf"/"-inf"; nan is null): numpy's mean, std and lerp between ranks.
  {
    name: 'infinities.csv',
    bytes: infinitiesFile(5),
    expected: [
      { name: 'both', type: 'number', count: 6000, mean: null, std: null, min: '-inf', p25: 497.8275, p50: 1015.09, p75: 1510.85, max: 'inf', exact: true },
      { name: 'pos', type: 'number', count: 6000, mean: 'inf', std: null, min: 0, p25: 9, p50: 18, p75: 27, max: 'inf' },
      { name: 'spaced', type: 'string', count: 6000, unique: 5918, top: '125.77', freq: 2 },
    ],
  },
];

const file = (name: string): Promise<InspectedFile> => inspect(objects, { bucket: BUCKET, key: name, etag: 'e' }, { largeBytes: 1 });

async function inlineMap(inspected: InspectedFile, chunks: Chunk[], run: string): Promise<Summary> {
  const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, inspected, chunk, { workBucket: WORK, executionName: run })));
  const merged = await mergePartials(objects, partials, { file: inspected, exactMaxBytes: Infinity, executionName: run });
  if (!merged.refine) return merged.summary;
  const plan = merged.refine;
  const refined = await Promise.all(chunks.map((chunk) => refineChunk(objects, { file: inspected, chunk, plan, executionName: run })));
  return exactQuartiles(objects, merged.summary, plan, refined);
}

async function distributedMap(inspected: InspectedFile, chunkBytes: number, run: string): Promise<Summary> {
  const huge = { ...inspected, huge: true };
  const planned = await planSpeculativeManifest(objects, huge, { chunkBytes, workBucket: WORK, executionName: run, maxConcurrency: 3 });
  const chunks = JSON.parse((await objects.get(planned.manifest.bucket, planned.manifest.key)).toString('utf8')) as Chunk[];
  const answers = await Promise.all(chunks.map((chunk) => summarizeSpeculativeChunk(objects, huge, chunk, { workBucket: WORK, executionName: run })));
  expect(answers.filter((answer) => 'mismatch' in answer)).toEqual([]);
  const merged = await mergePartials(objects, answers as WorkObject[], { file: huge, exactMaxBytes: Infinity, executionName: run });
  if (!merged.refine) return merged.summary;
  const plan = merged.refine;
  const refined = await Promise.all(chunks.map((chunk) => refineChunk(objects, { file: huge, chunk, plan, executionName: run })));
  return exactQuartiles(objects, merged.summary, plan, refined);
}

const distinctOf = (summary: Summary, expected: Expected) => expected.map((want) => {
  const got = summary.columns.find((column) => column.name === want.name) as ColumnSummary;
  return Object.fromEntries(Object.keys(want).map((key) => [key, got[key as keyof ColumnSummary]]));
});

describe('unique/top/freq, and infinities, as pandas 3 reads them, on every path', () => {
  it.each(CASES)('$name: one pass, 2 and 3 worker threads', async ({ name, bytes, expected }) => {
    const at = path.join(root, BUCKET, name);
    writeFileSync(at, bytes);
    expect(distinctOf(await summarizeObject(objects, await file(name)), expected)).toEqual(expected);
    expect(distinctOf(await summarizeLocalFile(at), expected)).toEqual(expected);
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    for (const workers of ['2', '3']) {
      process.env.FLUXO_CSV_WORKERS = workers;
      expect([workers, distinctOf(await summarizeLocalFile(at), expected)]).toEqual([workers, expected]);
    }
  }, 60_000);

  it.each(CASES)('$name: the inline Map and the Distributed Map, 9 chunks', async ({ name, bytes, expected }) => {
    writeFileSync(path.join(root, BUCKET, name), bytes);
    const inspected = await file(name);
    const chunkBytes = Math.ceil(Buffer.byteLength(bytes) / 9);
    const chunks = await planChunks(objects, inspected, chunkBytes);
    expect(chunks.length).toBeGreaterThanOrEqual(8);
    expect(distinctOf(await inlineMap(inspected, chunks, `${name}-inline`), expected)).toEqual(expected);
    expect(distinctOf(await distributedMap(inspected, chunkBytes, `${name}-huge`), expected)).toEqual(expected);
  }, 60_000);
});
