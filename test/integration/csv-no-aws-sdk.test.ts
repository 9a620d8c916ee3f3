import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FLUXO_BIN } from '../support/cli.js';

/**
 * `fluxo summarize` runs the CSV handlers on worker threads over a folder: neither those
 * threads nor the main thread may load the AWS SDK (~20 MB of RSS per thread). A loader
 * hook preloaded in every thread (test/support/aws-sdk-trace.mjs) records each @aws-sdk module.
 */
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-no-sdk-'));
const TRACE_HOOK = path.resolve('test/support/aws-sdk-trace.mjs');

/** Runs node with the hook; returns what it recorded (empty when nothing). */
async function traced(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; loaded: string[] }> {
  const trace = path.join(mkdtempSync(path.join(dir, 'trace-')), 'aws-sdk.txt');
  const { stdout } = await run(process.execPath, args, {
    env: { ...process.env, ...env, FLUXO_AWS_SDK_TRACE: trace, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${TRACE_HOOK}` },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout, loaded: existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n') : [] };
}

test('the hook sees an @aws-sdk import in a worker thread (so the test below can fail)', async () => {
  const s3 = createRequire(path.resolve('package.json')).resolve('@aws-sdk/client-s3');
  const worker = path.join(dir, 'loads-s3.mjs');
  writeFileSync(worker, `await import(${JSON.stringify(s3)});\n`);
  const main = path.join(dir, 'main.mjs');
  writeFileSync(main, `import { Worker } from 'node:worker_threads';\nawait new Promise((done, fail) => new Worker(${JSON.stringify(worker)}).on('exit', done).on('error', fail));\n`);
  const { loaded } = await traced([main]);
  expect(loaded.some((line) => /^[1-9]\d* .*\/@aws-sdk\/client-s3\//.test(line))).toBe(true);
});

test('fluxo summarize on worker threads loads no @aws-sdk module in any thread', async () => {
  const file = path.join(dir, 'mixed.csv');
  const rows = ['id,amount,city,note,when'];
  for (let i = 0; i < 30_000; i++) rows.push(`${i},${((i * 37) % 1000) / 4},${['Recife', 'Natal', 'São Luís'][i % 3]},"note ${i % 500}, with a comma",2026-0${(i % 9) + 1}-1${i % 9}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  // Parallel from the first byte, two workers: csv_summarize_chunk and csv_refine_chunk (exact quartiles) on threads.
  const { stdout, loaded } = await traced([FLUXO_BIN, 'summarize', file, '--json'], { FLUXO_CSV_WORKERS: '2', FLUXO_CSV_PARALLEL_MIN_BYTES: '1' });
  const summary = JSON.parse(stdout) as { columns?: unknown; rowCount?: number } & Record<string, unknown>;
  expect(JSON.stringify(summary)).toContain('Recife');
  expect(loaded).toEqual([]);
});
