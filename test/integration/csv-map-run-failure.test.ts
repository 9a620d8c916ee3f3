import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import { build } from '../../src/handlers/csv_record_failure.js';
import { baseConfigSchema, parseConfig } from '../../src/shared/config.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { testDeps } from '../support/deps.js';

// RecordFailure after a Distributed Map failed on AWS: the Catch gives States.ExceedToleratedFailureThreshold
// and a cause that names no child; the child's Error and Cause are in what ResultWriter wrote, read here from
// moto's S3 in the shapes Step Functions writes (manifest.json, SUCCEEDED_0.json, FAILED_0.json).
const s3 = new S3ObjectStore({ region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT });
const bucket = `work-${randomUUID()}`;
const MAP_ERROR = { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'The specified tolerated failure threshold was exceeded' };
let database: TestDb;

const lambdaError = (type: string, message: string) => JSON.stringify({ errorType: type, errorMessage: message, trace: [`${type}: ${message}`, '    at summarizeStream (/var/task/src/handlers/csv_summarize_chunk.js:1:2)'] });

/** One map run of `execution` as AWS writes it under the ResultWriter Prefix map-runs/<execution>. */
async function writeMapRun(execution: string, children: { status: 'SUCCEEDED' | 'FAILED'; error?: string; cause?: string }[], options: { manifest?: boolean } = {}): Promise<void> {
  const runId = randomUUID();
  const prefix = `map-runs/${execution}/${runId}`;
  const mapRunArn = `arn:aws:states:us-east-1:123456789012:mapRun:fluxo-dev-csv-summary/SummarizeHugeChunks:${runId}`;
  const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const entries = children
      .map((child, index) => ({ child, index }))
      .filter(({ child }) => child.status === status)
      .map(({ child, index }) => ({
        ExecutionArn: `arn:aws:states:us-east-1:123456789012:express:fluxo-dev-csv-summary/SummarizeHugeChunks:${runId}:${randomUUID()}`,
        Input: JSON.stringify({ chunk: { index, start: index * 700, end: index * 700 + 699, speculative: true }, executionName: execution }),
        InputDetails: { Included: true },
        Name: randomUUID(),
        StartDate: '2026-12-07T19:00:00.000Z',
        StateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:fluxo-dev-csv-summary/SummarizeHugeChunks`,
        Status: status,
        StopDate: '2026-12-07T19:00:02.000Z',
        ...(status === 'SUCCEEDED' ? { Output: JSON.stringify({ bucket, key: `partials/${execution}/${String(index).padStart(5, '0')}.json`, rows: 10 }), OutputDetails: { Included: true } } : { Error: child.error, Cause: child.cause }),
      }));
    if (!entries.length) continue;
    const body = JSON.stringify(entries);
    await s3.put(bucket, `${prefix}/${status}_0.json`, body, 'application/json');
    files[status]?.push({ Key: `${prefix}/${status}_0.json`, Size: Buffer.byteLength(body) });
  }
  if (options.manifest !== false) await s3.put(bucket, `${prefix}/manifest.json`, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files }), 'application/json');
}

function recordFailure() {
  const deps = testDeps(database.db, { objects: s3, config: parseConfig(baseConfigSchema, { CSV_WORK_BUCKET: bucket }) });
  const handler = build(deps);
  return async (key: string, executionName: string, error: { Error?: string; Cause?: string } = MAP_ERROR) => {
    await handler({ target: { bucket: 'uploads', key, etag: `"${randomUUID()}"` }, error, executionName }, {} as Context);
    return (await new PgSummaryRepository(database.db).list()).find((entry) => entry.key === key);
  };
}

beforeAll(async () => {
  database = await openTestDb();
  await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await database.drop();
});

describe("RecordFailure of a failed Distributed Map: the first failed child's error, from the map run's results", () => {
  it("records the child's Lambda error message, not the map's threshold line, and no other execution's", async () => {
    const record = recordFailure();
    // An earlier map run of the same execution that succeeded (a speculative try), this run with one failed chunk
    // among three, and another execution's failed run beside them.
    await writeMapRun('csv-broken', [{ status: 'SUCCEEDED' }]);
    await writeMapRun('csv-broken', [{ status: 'SUCCEEDED' }, { status: 'FAILED', error: 'ValidationError', cause: lambdaError('ValidationError', 'incoming/broken.csv: line 402: unterminated quoted field') }, { status: 'SUCCEEDED' }]);
    await writeMapRun('csv-broken-other', [{ status: 'FAILED', error: 'ValidationError', cause: lambdaError('ValidationError', 'incoming/other.csv: line 9: too many columns') }]);
    expect(await record('incoming/broken.csv', 'csv-broken')).toMatchObject({ status: 'failed', error: 'States.ExceedToleratedFailureThreshold', reason: 'incoming/broken.csv: line 402: unterminated quoted field' });
  });

  it('gives Error and Cause on one line when the cause is not a Lambda error document (a child that timed out)', async () => {
    const record = recordFailure();
    await writeMapRun('csv-slow', [{ status: 'FAILED', error: 'States.Timeout', cause: 'The execution has timed out after 300 seconds.\nSecond line.' }]);
    expect(await record('incoming/slow.csv', 'csv-slow')).toMatchObject({ status: 'failed', reason: 'States.Timeout: The execution has timed out after 300 seconds.' });
  });

  it('reads FAILED_0.json when the run left no manifest, and keeps the map error when nothing was written', async () => {
    const record = recordFailure();
    await writeMapRun('csv-unlisted', [{ status: 'FAILED', error: 'ValidationError', cause: lambdaError('ValidationError', 'incoming/unlisted.csv: line 3: binary data') }], { manifest: false });
    expect(await record('incoming/unlisted.csv', 'csv-unlisted')).toMatchObject({ reason: 'incoming/unlisted.csv: line 3: binary data' });
    expect(await record('incoming/nothing.csv', 'csv-nothing')).toMatchObject({ status: 'failed', error: 'States.ExceedToleratedFailureThreshold', reason: 'The specified tolerated failure threshold was exceeded' });
  });

  it('leaves every other error as it was caught', async () => {
    const record = recordFailure();
    await writeMapRun('csv-other-error', [{ status: 'FAILED', error: 'ValidationError', cause: lambdaError('ValidationError', 'not this one') }]);
    expect(await record('incoming/direct.csv', 'csv-other-error', { Error: 'ValidationError', Cause: lambdaError('ValidationError', 'incoming/direct.csv: line 1: no header') })).toMatchObject({ error: 'ValidationError', reason: 'incoming/direct.csv: line 1: no header' });
  });
});
