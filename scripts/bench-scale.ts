// npm run bench:scale [-- --mb 600]
// The pieces of CsvSummary's scaling model, measured one process, one core: a chunk task end
// to end (read a record-aligned range of a file through the object-store port, summarize,
// write the partial) for 16/64/256 MB chunks, planned by a scan and speculative (the task finds
// and checks its own record boundaries); the merge of 10/100/1000 partials; and both plans:
// the scan (record boundaries of the whole file) and the speculative one (no read).
// docs/performance.md turns these into a projection for 1, 10 and 100 GB files on Lambda.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import path from 'node:path';
import { FsObjectStore } from '../src/adapters/local/fs-object-store.js';
import { readObjectRange, SCAN_BLOCK_BYTES, SCAN_GETS_IN_FLIGHT } from '../src/workflows/csv/read-ahead.js';
import { inspect } from '../src/workflows/csv/inspect-file.js';
import { mergePartials } from '../src/workflows/csv/merge-partials.js';
import { planChunks, planSpeculativeManifest } from '../src/workflows/csv/plan-chunks.js';
import { MERGE_READ_AHEAD } from '../src/workflows/csv/read-ahead.js';
import { summarizeChunk, summarizeSpeculativeChunk } from '../src/workflows/csv/summarize-chunk.js';
import { generateMixed } from './bench-data.js';

const mb = Number(process.argv[process.argv.indexOf('--mb') + 1]) || 600;
const MB = 1024 * 1024;
const dir = path.join(tmpdir(), 'fluxo-bench');
mkdirSync(dir, { recursive: true });
const source = path.join(dir, `mixed-${mb}mb.csv`);
await generateMixed(source, mb);

// The object store over a folder: the bench file linked in as uploads/mixed.csv.
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-scale-'));
mkdirSync(path.join(root, 'uploads'));
mkdirSync(path.join(root, 'work'));
symlinkSync(source, path.join(root, 'uploads', 'mixed.csv'));
const objects = new FsObjectStore(root);
const file = await inspect(objects, { bucket: 'uploads', key: 'mixed.csv', etag: 'bench' }, { largeBytes: 1 });

const seconds = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e9, result];
};
const rssMb = () => process.memoryUsage().rss / MB;
const rows: string[][] = [];
/** First-byte latency of a small S3 GET inside a region (a planning figure, not measured here). */
const S3_GET_LATENCY_MS = 25;
/** What one S3 GET stream gives a Lambda (a planning figure, not measured here). */
const S3_STREAM_MB_S = 90;

const [planSeconds, planned] = await seconds(() => planChunks(objects, file, 16 * MB));
rows.push([`plan: scan ${(file.size / MB).toFixed(0)} MB for record boundaries`, `${planSeconds.toFixed(2)} s`, `${(file.size / MB / planSeconds).toFixed(0)} MB/s`, `${planned.length} chunks of 16 MB`]);

// The same scan where each GET stream delivers at most S3_STREAM_MB_S, as one S3 connection gives a Lambda.
const throttled = Object.assign(Object.create(objects) as FsObjectStore, {
  stream: async (bucket: string, key: string, range?: { start: number; end: number }) => {
    const started = Date.now();
    const body = await readObjectRange(objects, bucket, key, range?.start ?? 0, range?.end ?? file.size - 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (body.length / MB / S3_STREAM_MB_S) * 1000 - (Date.now() - started))));
    return Readable.from([body]);
  },
});
const [throttledSeconds] = await seconds(() => planChunks(throttled, file, 16 * MB));
rows.push([`plan: the same scan, each GET at ${S3_STREAM_MB_S} MB/s`, `${throttledSeconds.toFixed(2)} s`, `${(file.size / MB / throttledSeconds).toFixed(0)} MB/s`, `${SCAN_GETS_IN_FLIGHT} ranged GETs of ${SCAN_BLOCK_BYTES / MB} MB in flight (one stream: ${(file.size / MB / S3_STREAM_MB_S).toFixed(1)} s)`]);

const [speculativeSeconds, speculative] = await seconds(() => planSpeculativeManifest(objects, file, { chunkBytes: 128 * MB, workBucket: 'work', executionName: 'bench-plan', maxConcurrency: 1000 }));
rows.push([`plan: speculative ranges of ${(file.size / MB).toFixed(0)} MB (no read)`, `${(speculativeSeconds * 1000).toFixed(1)} ms`, '', `${speculative.chunks} chunks of 128 MB, manifest written`]);

let partial: { bucket: string; key: string } | undefined;
for (const size of [16, 64, 256]) {
  const chunks = await planChunks(objects, file, size * MB);
  const chunk = chunks.length > 2 ? chunks[1] : chunks[0];
  if (!chunk) continue;
  const bytes = chunk.end - chunk.start + 1;
  const [took, written] = await seconds(() => summarizeChunk(objects, file, chunk, { workBucket: 'work', executionName: `bench-${size}` }));
  if (size === 16) partial = written;
  const stored = (await objects.head(written.bucket, written.key)).size;
  rows.push([`chunk task: ${size} MB range`, `${took.toFixed(2)} s`, `${(bytes / MB / took).toFixed(1)} MB/s`, `${written.rows} rows, partial ${(stored / 1024).toFixed(0)} KB, RSS ${rssMb().toFixed(0)} MB`]);
  // The same range as a speculative chunk: nominal offsets, its own boundaries found and checked.
  const nominal = { index: 1, start: size * MB, end: Math.min(2 * size * MB, file.size) - 1, speculative: true };
  if (nominal.start < file.size) {
    const [tookSpeculative, result] = await seconds(() => summarizeSpeculativeChunk(objects, file, nominal, { workBucket: 'work', executionName: `bench-spec-${size}` }));
    const note = 'mismatch' in result ? 'boundary did not hold' : `${result.rows} rows`;
    rows.push([`chunk task: ${size} MB speculative`, `${tookSpeculative.toFixed(2)} s`, `${((nominal.end - nominal.start + 1) / MB / tookSpeculative).toFixed(1)} MB/s`, note]);
  }
}

// Merges: copies of the 16 MB chunk's partial, as a map run leaves them in the work bucket.
if (partial) {
  const body = await objects.get(partial.bucket, partial.key);
  for (const count of [10, 100, 1000]) {
    const keys: { bucket: string; key: string }[] = [];
    for (let i = 0; i < count; i++) {
      const key = `merge-${count}/${String(i).padStart(5, '0')}.json`;
      await objects.put('work', key, body, 'application/json');
      keys.push({ bucket: 'work', key });
    }
    const [took] = await seconds(() => mergePartials(objects, keys, { file, exactMaxBytes: 0, executionName: `merge-${count}` }));
    rows.push([`merge: ${count} partials of ${(body.length / 1024).toFixed(0)} KB`, `${took.toFixed(2)} s`, `${((count * body.length) / MB / took).toFixed(1)} MB/s of partials`, `RSS ${rssMb().toFixed(0)} MB`]);
    if (count !== 1000) continue;
    // The same merge where every GET waits as S3's does for a small object (first byte after ~25 ms).
    const s3Like = Object.assign(Object.create(objects) as FsObjectStore, {
      get: async (bucket: string, key: string) => {
        await new Promise((resolve) => setTimeout(resolve, S3_GET_LATENCY_MS));
        return objects.get(bucket, key);
      },
    });
    const [slowTook] = await seconds(() => mergePartials(s3Like, keys, { file, exactMaxBytes: 0, executionName: `merge-${count}` }));
    rows.push([`merge: ${count} partials, ${S3_GET_LATENCY_MS} ms per GET`, `${slowTook.toFixed(2)} s`, '', `${MERGE_READ_AHEAD} GETs in flight (one at a time: +${((count * S3_GET_LATENCY_MS) / 1000).toFixed(0)} s of waiting)`]);
  }
}

console.log(`CsvSummary scaling pieces, one Node process on one core (${file.size >= MB ? (file.size / MB).toFixed(0) : file.size} MB generated file)`);
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
for (const row of rows) console.log(row.map((cell, index) => (index < 3 ? cell.padEnd(widths[index] ?? 0) : cell)).join('  '));
