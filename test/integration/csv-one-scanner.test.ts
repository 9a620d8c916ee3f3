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
import { type Chunk, type InspectedFile, type WorkObject } from '../../src/workflows/csv/schemas.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../../src/workflows/csv/summarize-chunk.js';
import { summarizeObject } from '../../src/workflows/csv/summarize-small-file.js';
import { generatedCsv, LINE_ENDINGS, strayQuoteCsv } from '../support/csv-files.js';
import { fluxo } from '../support/cli.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { seeded } from '../support/random.js';

/**
 * Every path reads a file as one pass does, wherever its chunks are cut: `fluxo summarize`
 * on worker threads, the inline Map's use cases (scanned ranges), the Distributed Map's
 * (speculative ranges, and the scanned plan when a boundary does not hold), and the
 * machine itself on the local engine with small CSV_LARGE_BYTES / CSV_HUGE_BYTES.
 */
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-one-scanner-'));
const objects = new FsObjectStore(root);
/** The files, in the object store's bucket `files`. */
const BUCKET = 'files';
const dir = path.join(root, BUCKET);
mkdirSync(dir);
const WORK = 'work';
/** A small file, and one past the sniffer's 64 KB sample. */
const ROWS = [300, 2000];
const STRAY = strayQuoteCsv('\r\n');
const FILES = [
  ...LINE_ENDINGS.flatMap((ending, kind) => [0, 1].map((seed) => ({ ending: JSON.stringify(ending), name: `f${kind}-${seed}.csv`, rows: ROWS[seed] as number, bytes: generatedCsv(100 + kind * 10 + seed, ending, ROWS[seed] as number) }))),
  { ending: 'CRLF, a stray quote', name: 'stray.csv', rows: STRAY.rows, bytes: STRAY.bytes },
];

function expectSame(actual: Summary | null | undefined, expected: Summary, where: string): void {
  const round = (value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(10)) : value);
  const view = (summary: Summary) => ({ ...summary, columns: summary.columns.map((column) => Object.fromEntries(Object.entries(column).map(([key, value]) => [key, round(value)]))) });
  expect([where, actual && view(actual)]).toEqual([where, view(expected)]);
}

async function inlineMap(file: InspectedFile, chunks: Chunk[], run: string): Promise<Summary> {
  const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  const merged = await mergePartials(objects, partials, { file, exactMaxBytes: Infinity, executionName: run });
  if (!merged.refine) return merged.summary;
  const plan = merged.refine;
  const refined = await Promise.all(chunks.map((chunk) => refineChunk(objects, { file, chunk, plan, executionName: run })));
  return exactQuartiles(objects, merged.summary, plan, refined);
}

async function distributedMap(file: InspectedFile, chunkBytes: number, run: string): Promise<{ summary: Summary; heldBoundaries: boolean }> {
  const plan = await planSpeculativeManifest(objects, file, { chunkBytes: chunkBytes, workBucket: WORK, executionName: run, maxConcurrency: 3 });
  const chunks = JSON.parse((await objects.get(plan.manifest.bucket, plan.manifest.key)).toString('utf8')) as Chunk[];
  const answers = await Promise.all(chunks.map((chunk) => summarizeSpeculativeChunk(objects, file, chunk, { workBucket: WORK, executionName: run })));
  if (answers.every((answer) => !('mismatch' in answer))) {
    const { summary } = await mergePartials(objects, answers as WorkObject[], { file, exactMaxBytes: 0, executionName: run });
    return { summary, heldBoundaries: true };
  }
  const exact = await planManifest(objects, file, { chunkBytes: chunkBytes, workBucket: WORK, executionName: `${run}-exact`, maxConcurrency: 3 });
  const scanned = JSON.parse((await objects.get(exact.manifest.bucket, exact.manifest.key)).toString('utf8')) as Chunk[];
  const partials = await Promise.all(scanned.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: WORK, executionName: `${run}-exact` })));
  return { summary: (await mergePartials(objects, partials, { file, exactMaxBytes: 0, executionName: `${run}-exact` })).summary, heldBoundaries: false };
}

const onePass: Record<string, Summary> = {};

beforeAll(async () => {
  for (const { name, bytes } of FILES) {
    writeFileSync(path.join(dir, name), bytes);
    onePass[name] = await summarizeObject(objects, await inspect(objects, { bucket: BUCKET, key: name, etag: 'e' }, { largeBytes: Infinity }));
  }
});
afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

describe('every CSV path reads a file as one pass, cut anywhere (property)', () => {
  it.each(FILES)('line ending $ending ($name): fluxo summarize, in one thread and on 3 worker threads', async ({ name, rows }) => {
    const expected = onePass[name] as Summary;
    expect([expected.rows, expected.columns.length, expected.columns[0]?.name, expected.columns[0]?.count]).toEqual([rows, name === 'stray.csv' ? 3 : 5, 'id', rows]);
    expectSame(await summarizeLocalFile(path.join(dir, name)), expected, 'one thread');
    if (rows < 1000) return;
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    expectSame(await summarizeLocalFile(path.join(dir, name)), expected, 'workers');
  });

  it.each(FILES)('line ending $ending ($name): the inline Map and the Distributed Map at random chunk sizes', async ({ name, bytes, rows }) => {
    expect(onePass[name]?.rows).toBe(rows);
    const random = seeded(bytes.length);
    const file = await inspect(objects, { bucket: BUCKET, key: name, etag: 'e' }, { largeBytes: 1 });
    let held = 0;
    for (let i = 0; i < 8; i++) {
      const chunkBytes = Math.ceil(bytes.length / 30 + random() * (bytes.length / 3));
      const chunks = await planChunks(objects, file, chunkBytes);
      expectSame(await inlineMap(file, chunks, `${name}-${i}`), onePass[name] as Summary, `inline Map, ${chunkBytes}-byte chunks`);
      const huge = await distributedMap({ ...file, huge: true }, chunkBytes, `${name}-huge-${i}`);
      held += huge.heldBoundaries ? 1 : 0;
      expectSame(huge.summary, onePass[name] as Summary, `Distributed Map, ${chunkBytes}-byte chunks`);
    }
    expect(held).toBeLessThan(8);
  }, 60_000);
});

describe('a stray quote that swallows most of a file', () => {
  const warning = `line ${STRAY.line}: a quoted field opened here runs over 981 of the file's 1001 lines, so 20 rows were read (a stray quote?)`;

  it('warns naming the line of the opening quote, on every path (the paths above compare warnings too)', () => {
    expect(onePass['stray.csv']?.warnings).toEqual([warning]);
    // Not for a file whose quoted fields hold a few lines each.
    expect(FILES.filter((file) => file.name !== 'stray.csv').flatMap((file) => onePass[file.name]?.warnings ?? [])).toEqual([]);
  });

  it('fluxo summarize prints it, under the table and in --json', async () => {
    const file = path.join(dir, 'stray.csv');
    const text = await fluxo(['summarize', file], {});
    expect([text.code, text.stdout.trimEnd().split('\n').at(-1)]).toEqual([0, `warning: ${warning}`]);
    const json = await fluxo(['summarize', file, '--json'], {});
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 20, warnings: [warning] });
  }, 60_000);
});

describe('the CsvSummary machine on the local engine, each line ending', () => {
  let database: TestDb;
  beforeAll(async () => {
    database = await openTestDb();
  });
  afterAll(() => database.drop());

  it.each([
    ['the inline Map', { CSV_LARGE_BYTES: '2000', CSV_CHUNK_BYTES: '3000' }],
    ['the Distributed Map', { CSV_LARGE_BYTES: '1000', CSV_HUGE_BYTES: '2000', CSV_HUGE_CHUNK_BYTES: '4000', CSV_MAP_MAX_CONCURRENCY: '3' }],
  ])('summarizes LF, CRLF and CR-only files on %s as one pass does', async (_path, env) => {
    const stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), env, workers: 0 });
    try {
      const prefix = `incoming/${Object.keys(env).length}`;
      for (const { name, bytes } of FILES) await stack.objects.put(UPLOADS_BUCKET, `${prefix}/${name}`, bytes);
      await stack.settle();
      const stored = await new PgSummaryRepository(database.db).list();
      for (const { name } of FILES) {
        const file = stored.find((entry) => entry.key === `${prefix}/${name}`);
        expect([name, file?.status, file?.error, file?.summary?.rows]).toEqual([name, 'summarized', null, FILES.find((entry) => entry.name === name)?.rows]);
        expectSame(file?.summary, onePass[name] as Summary, name);
      }
    } finally {
      await stack.close();
    }
  }, 120_000);
});
