import { CreateBucketCommand, PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.js';
import { SnsTopic, SqsQueue } from '../../src/adapters/aws/sqs-sns.js';
import { pollQueue } from '../../src/adapters/aws/sqs-poller.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { UPLOADS_BUCKET } from '../../src/local/stack/topology.js';
import { silentLogger } from '../../src/platform/logger.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { seeded } from '../support/random.js';

const settings = { region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT };
const s3 = new S3ObjectStore(settings);
const sqs = new SqsQueue(settings);
const sns = new SnsTopic(settings);
let database: TestDb;
let stack: LocalStack;
let summaries: PgSummaryRepository;
let bucket: string;
let queueUrl: string;

/** bucket (incoming/*.csv) -> SNS -> SQS on moto, as serverless.yml sets it up. */
async function motoChain(): Promise<void> {
  bucket = `uploads-${randomUUID()}`;
  const { TopicArn } = await sns.client.send(new CreateTopicCommand({ Name: `csv-${randomUUID()}` }));
  const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: `csv-${randomUUID()}`, Attributes: { VisibilityTimeout: '2' } }));
  queueUrl = QueueUrl ?? '';
  const { Attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
  await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.client.send(new CreateBucketCommand({ Bucket: 'fluxo-work' })).catch(() => undefined);
  await s3.client.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { TopicConfigurations: [{ TopicArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }] },
    }),
  );
}

/** 400 short rows: many tiny chunks on the huge path with CSV_HUGE_CHUNK_BYTES 700. */
function hugeText(): string {
  const lines = ['n,label,when'];
  for (let i = 0; i < 400; i++) lines.push(`${i * 1.5},${i % 7 === 0 ? '' : `l${i % 5}`},2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}

/** Every record has a newline inside quotes: speculative boundaries cannot hold. */
function quotedText(): string {
  const lines = ['n,note,when'];
  for (let i = 0; i < 120; i++) lines.push(`${i},"first line ${i}\nsecond line ${i % 9}",2026-02-${String((i % 28) + 1).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}

const HUGE_ENV = { CSV_LARGE_BYTES: '1000', CSV_HUGE_BYTES: '2000', CSV_HUGE_CHUNK_BYTES: '700', CSV_MAP_MAX_CONCURRENCY: '3' };

/** Feeds what moto's queue holds to csv_ingest, as the Lambda event source would, and waits for the machines. */
async function drainMoto(): Promise<{ received: number; deleted: number; failed: number; events: SQSEvent[] }> {
  const events: SQSEvent[] = [];
  const stats = await pollQueue({
    client: sqs.client,
    queueUrl,
    waitTimeSeconds: 1,
    maxEmptyReceives: 1,
    logger: silentLogger(),
    handler: async (event) => {
      events.push(event);
      return (await stack.functions.invoke('csv_ingest', event)) as { batchItemFailures: { itemIdentifier: string }[] };
    },
  });
  await stack.settle();
  return { ...stats, events };
}

beforeAll(async () => {
  database = await openTestDb();
  await motoChain();
  stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), objectStore: s3, env: { CSV_LARGE_BYTES: '2000', CSV_CHUNK_BYTES: '400' } });
  summaries = new PgSummaryRepository(database.db);
});
afterAll(async () => {
  await stack.close();
  await database.drop();
});

describe('CSV summary: S3 -> SNS -> SQS -> csv_ingest -> CsvSummary -> PostgreSQL', () => {
  it('summarizes a dropped file once, even when the notification comes twice', async () => {
    await s3.put(bucket, 'incoming/vendas março.csv', readFileSync('fixtures/csv/sales.csv'));
    const first = await drainMoto();
    expect(first.failed).toBe(0);
    const files = (await summaries.list()).filter((file) => file.bucket === bucket);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ key: 'incoming/vendas março.csv', status: 'summarized', rows: 8, prefix: 'incoming' });
    const expected = await summarizeLocalFile('fixtures/csv/sales.csv');
    expect(files[0]?.summary?.columns).toEqual(expected.columns);
    const columns = await database.db.query<{ name: string; type: string }>('select name, type from csv_columns where file_id = $1 order by position', [files[0]?.id]);
    expect(columns.map((column) => `${column.name}:${column.type}`)).toEqual(['id:integer', 'date:date', 'city:string', 'amount:number', 'quantity:integer', 'paid:boolean', 'note:string']);

    const notification = first.events.flatMap((event) => event.Records).find((record) => record.body.includes('ObjectCreated'));
    await stack.functions.invoke('csv_ingest', { Records: [notification] });
    await stack.settle();
    expect((await summaries.list()).filter((file) => file.bucket === bucket)).toHaveLength(1);
  });

  it('records a corrupt file as failed with the line, and does not redeliver its message', async () => {
    await s3.put(bucket, 'incoming/broken.csv', 'a,b\n1,"unterminated\n2,3\n');
    const drained = await drainMoto();
    expect([drained.received, drained.deleted, drained.failed]).toEqual([1, 1, 0]);
    const file = (await summaries.list()).find((entry) => entry.key === 'incoming/broken.csv');
    expect(file).toMatchObject({ status: 'failed', error: 'ValidationError', reason: 'broken.csv: line 2: unterminated quoted field' });
    const execution = (await stack.engine.store.list('csv-summary')).find((record) => record.status === 'FAILED');
    expect(execution?.error).toBe('CsvSummaryFailed');
  });

  it('records a file past the limits as failed with the reason the CLI gives: too many columns', async () => {
    const header = Array.from({ length: 100_000 }, (_, index) => `c${index}`).join(',');
    await s3.put(bucket, 'incoming/wide.csv', `${header}\n${header}\n`);
    await drainMoto();
    const file = (await summaries.list()).find((entry) => entry.key === 'incoming/wide.csv');
    expect(file).toMatchObject({ status: 'failed', error: 'ValidationError', reason: 'wide.csv: line 1: 100000 columns (limit 16384)' });
  });

  it('summarizes a large file with a Map over record-aligned byte ranges, equal to one pass', async () => {
    const lines = ['n,label,when,"note"'];
    for (let i = 0; i < 120; i++) lines.push(`${i * 1.5},${i % 7 === 0 ? '' : `l${i % 5}`},2026-01-${String((i % 28) + 1).padStart(2, '0')},"multi\nline ${i}"`);
    const text = `${lines.join('\n')}\n`;
    await s3.put(bucket, 'incoming/large.csv', text);
    await drainMoto();
    const file = (await summaries.list()).find((entry) => entry.key === 'incoming/large.csv');
    expect(file?.status).toBe('summarized');
    const execution = (await stack.engine.store.list('csv-summary')).find((record) => (record.output as { fileId?: number } | undefined)?.fileId === file?.id);
    const iterations = execution?.events.filter((event) => event.type === 'MapIterationStarted').length ?? 0;
    expect(iterations).toBeGreaterThan(3);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const local = `${mkdtempSync('/tmp/fluxo-large-')}/large.csv`;
    writeFileSync(local, text);
    const single = await summarizeLocalFile(local);
    expect(file?.summary?.rows).toBe(120);
    file?.summary?.columns.forEach((column, index) => {
      const other = single.columns[index];
      for (const key of ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'min', 'max', 'p25', 'p50', 'p75'] as const) expect([key, column[key]]).toEqual([key, other?.[key]]);
      if (typeof other?.mean === 'number') expect(column.mean).toBeCloseTo(other.mean, 9);
      if (typeof other?.std === 'number') expect(column.std).toBeCloseTo(other.std, 9);
    });
  });
  it('makes sketched quartiles exact with a second Map (RefineChunks, ExactQuartiles) when chunks overflow their exact budget', async () => {
    const random = seeded(21);
    const values = Array.from({ length: 260_000 }, () => Math.round(random() * 1e9) / 1000);
    const text = `amount\n${values.join('\n')}\n`;
    await s3.put(bucket, 'incoming/distinct.csv', text);
    const main = stack;
    // 1 MB chunks of about 80 000 values... 2 MB chunks of 160 000: past RANGE_EXACT_VALUES_BUDGET each.
    stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), objectStore: s3, env: { CSV_LARGE_BYTES: '1000000', CSV_CHUNK_BYTES: '1600000' } });
    try {
      await drainMoto();
      const file = (await summaries.list()).find((entry) => entry.key === 'incoming/distinct.csv');
      expect(file?.status).toBe('summarized');
      const execution = (await stack.engine.store.list('csv-summary')).find((record) => (record.output as { fileId?: number } | undefined)?.fileId === file?.id);
      const entered = execution?.events.filter((event) => event.type.endsWith('StateEntered')).map((event) => event.stateName);
      expect(entered).toEqual(expect.arrayContaining(['SummarizeChunks', 'MergePartials', 'NeedsExactQuartiles', 'RefineChunks', 'ExactQuartiles', 'StoreSummary']));
      const sorted = Float64Array.from(values).sort();
      const pandas = (q: number) => {
        const h = (sorted.length - 1) * q;
        const lo = Math.floor(h);
        return (sorted[lo] as number) + (h - lo) * ((sorted[lo + 1] as number) - (sorted[lo] as number));
      };
      expect(file?.summary?.columns[0]).toMatchObject({ exact: true, p25: pandas(0.25), p50: pandas(0.5), p75: pandas(0.75) });
    } finally {
      await stack.close();
      stack = main;
    }
  }, 120_000);
  it('makes sketched quartiles exact on the huge path with a second Distributed Map (RefineHugeChunks), equal to one pass and to pandas', async () => {
    const random = seeded(29);
    // 300 000 rows in chunks of 1.6 MB (about 150 000 rows): past RANGE_EXACT_VALUES_BUDGET, so the first pass sketches.
    const rows = Array.from({ length: 300_000 }, (_, i) => [i + 1, Math.round(random() * 1e9) / 1000, Math.round(random() * 1e6) / 100]);
    const text = `id,amount,score\n${rows.map((row) => row.join(',')).join('\n')}\n`;
    const local = `${mkdtempSync(path.join(tmpdir(), 'fluxo-huge-'))}/exact.csv`;
    writeFileSync(local, text);
    const single = await summarizeLocalFile(local);
    const hugeEnv = { CSV_LARGE_BYTES: '1000', CSV_HUGE_BYTES: '2000', CSV_HUGE_CHUNK_BYTES: '1600000', CSV_MAP_MAX_CONCURRENCY: '3' };
    const main = stack;
    try {
      for (const [key, limit] of [['incoming/huge-exact.csv', undefined], ['incoming/huge-sketched.csv', String(text.length - 1)]] as const) {
        stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), objectStore: s3, env: { ...hugeEnv, ...(limit ? { CSV_HUGE_EXACT_QUARTILES_MAX_BYTES: limit } : {}) } });
        try {
          await s3.put(bucket, key, text);
          await drainMoto();
          const file = (await summaries.list()).find((entry) => entry.key === key);
          expect([key, file?.status]).toEqual([key, 'summarized']);
          const parent = (await stack.engine.store.list('csv-summary')).find((record) => (record.output as { fileId?: number } | undefined)?.fileId === file?.id);
          const entered = parent?.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName);
          const columns = file?.summary?.columns ?? [];
          if (!limit) {
            expect(entered).toEqual(['InspectFile', 'IsLargeFile', 'PlanHugeChunks', 'SummarizeHugeChunks', 'MergeHugePartials', 'BoundariesHeld', 'RefineHugeChunks', 'ExactHugeQuartiles', 'StoreSummary', 'Summarized']);
            // The second map run ran every chunk of the first again, as child executions of their own.
            const children = (await stack.engine.store.list('csv-summary')).filter((record) => record.parent?.name === parent?.name);
            expect(children.filter((child) => child.parent?.state === 'RefineHugeChunks' && child.status === 'SUCCEEDED').length).toBe(children.filter((child) => child.parent?.state === 'SummarizeHugeChunks').length);
            columns.forEach((column, index) => {
              const values = Float64Array.from(rows.map((row) => row[index] as number)).sort();
              const pandas = (q: number) => {
                const h = (values.length - 1) * q;
                const lo = Math.floor(h);
                return (values[lo] as number) + (h - lo) * ((values[lo + 1] as number) - (values[lo] as number));
              };
              expect(column).toMatchObject({ name: single.columns[index]?.name, exact: true, p25: pandas(0.25), p50: pandas(0.5), p75: pandas(0.75) });
              expect([column.p25, column.p50, column.p75]).toEqual([single.columns[index]?.p25, single.columns[index]?.p50, single.columns[index]?.p75]);
            });
          } else {
            // Past CSV_HUGE_EXACT_QUARTILES_MAX_BYTES: no second pass, the sketch's quartiles, said to be approximate.
            expect(entered).toEqual(['InspectFile', 'IsLargeFile', 'PlanHugeChunks', 'SummarizeHugeChunks', 'MergeHugePartials', 'BoundariesHeld', 'UseMergedSummary', 'StoreSummary', 'Summarized']);
            expect(columns.filter((column) => column.exact === false).map((column) => column.name)).toEqual(expect.arrayContaining(['id', 'amount']));
          }
        } finally {
          await stack.close();
        }
      }
    } finally {
      stack = main;
    }
  }, 240_000);
  it('summarizes a huge file on the Distributed Map path: items from a manifest in S3, one child execution per chunk, results through ResultWriter', async () => {
    const text = hugeText();
    const main = stack;
    stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), objectStore: s3, env: HUGE_ENV });
    try {
      await s3.put(bucket, 'incoming/huge.csv', text);
      await s3.put(bucket, 'incoming/huge-broken.csv', `${text}1,"never closed,2026-01-01\n`);
      await drainMoto();
      const file = (await summaries.list()).find((entry) => entry.key === 'incoming/huge.csv');
      expect(file?.status).toBe('summarized');
      const executions = await stack.engine.store.list('csv-summary');
      const parent = executions.find((record) => (record.output as { fileId?: number } | undefined)?.fileId === file?.id);
      const entered = parent?.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName);
      // Speculative boundaries held: no scan of the file at all.
      expect(entered).toEqual(['InspectFile', 'IsLargeFile', 'PlanHugeChunks', 'SummarizeHugeChunks', 'MergeHugePartials', 'BoundariesHeld', 'UseMergedSummary', 'StoreSummary', 'Summarized']);
      // Each chunk ran as a child execution with its own history, named after the parent.
      const children = executions.filter((record) => record.parent?.name === parent?.name);
      const chunks = (JSON.parse((await s3.get('fluxo-work', `manifests/${parent?.name}/chunks.json`)).toString('utf8')) as unknown[]).length;
      expect(chunks).toBeGreaterThan(5);
      expect(children).toHaveLength(chunks);
      expect(children.every((child) => child.status === 'SUCCEEDED' && child.parent?.state === 'SummarizeHugeChunks' && child.events.some((event) => event.stateName === 'SummarizeHugeChunk'))).toBe(true);
      // ResultWriter's manifest, in the shape AWS writes.
      const mapRun = (parent?.events.find((event) => event.type === 'StateExited' && event.stateName === 'SummarizeHugeChunks')?.output as { mapRun: { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } } }).mapRun;
      expect(mapRun.ResultWriterDetails).toEqual({ Bucket: 'fluxo-work', Key: expect.stringMatching(new RegExp(`^map-runs/${parent?.name}/[0-9a-f-]{36}/manifest\\.json$`)) });
      const manifest = JSON.parse((await s3.get('fluxo-work', mapRun.ResultWriterDetails.Key)).toString('utf8')) as { ResultFiles: { SUCCEEDED: { Key: string }[]; FAILED: unknown[] } };
      expect([manifest.ResultFiles.SUCCEEDED.length, manifest.ResultFiles.FAILED]).toEqual([1, []]);
      const local = `${mkdtempSync('/tmp/fluxo-huge-')}/huge.csv`;
      writeFileSync(local, text);
      const single = await summarizeLocalFile(local);
      file?.summary?.columns.forEach((column, index) => {
        const other = single.columns[index];
        for (const key of ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'min', 'max', 'p25', 'p50', 'p75', 'exact'] as const) expect([key, column[key]]).toEqual([key, other?.[key]]);
        if (typeof other?.mean === 'number') expect(column.mean).toBeCloseTo(other.mean, 9);
        if (typeof other?.std === 'number') expect(column.std).toBeCloseTo(other.std, 9);
      });

      // A chunk that fails for good fails the map run (ToleratedFailurePercentage 0) and the file is recorded as failed,
      // with the line of the fault: the speculative try answers mismatch, the scanned plan names the line.
      const broken = (await summaries.list()).find((entry) => entry.key === 'incoming/huge-broken.csv');
      expect(broken).toMatchObject({ status: 'failed', error: 'States.ExceedToleratedFailureThreshold', reason: expect.stringMatching(/^(\S*\/)?huge-broken\.csv: line 402: unterminated quoted field$/) });
      // As `fluxo summaries show` prints it: the one line, not the map run's wrapper around the child's error document.
      // RecordFailure reads it from the map run's FAILED results (map-runs/<execution>/), as on AWS, whose Cause names no child.
      expect(broken?.reason).not.toMatch(/child executions|errorType|\{/);

      // Quoted fields with newlines across the nominal boundaries: the speculative try says so, the machine plans
      // again with a scan, and the summary is the one-pass summary.
      const quoted = quotedText();
      await s3.put(bucket, 'incoming/huge-quoted.csv', quoted);
      await drainMoto();
      const quotedFile = (await summaries.list()).find((entry) => entry.key === 'incoming/huge-quoted.csv');
      expect(quotedFile?.status).toBe('summarized');
      const quotedRun = (await stack.engine.store.list('csv-summary')).find((record) => (record.output as { fileId?: number } | undefined)?.fileId === quotedFile?.id);
      expect(quotedRun?.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName)).toEqual([
        'InspectFile', 'IsLargeFile', 'PlanHugeChunks', 'SummarizeHugeChunks', 'MergeHugePartials', 'BoundariesHeld',
        'PlanHugeChunksExactly', 'SummarizeHugeChunks', 'MergeHugePartials', 'BoundariesHeld', 'UseMergedSummary', 'StoreSummary', 'Summarized',
      ]);
      const quotedLocal = `${mkdtempSync('/tmp/fluxo-huge-')}/quoted.csv`;
      writeFileSync(quotedLocal, quoted);
      const quotedSingle = await summarizeLocalFile(quotedLocal);
      expect(quotedFile?.summary?.rows).toBe(120);
      quotedFile?.summary?.columns.forEach((column, index) => {
        for (const key of ['name', 'type', 'count', 'unique', 'top', 'freq', 'min', 'max', 'p50'] as const) expect([key, column[key]]).toEqual([key, quotedSingle.columns[index]?.[key]]);
      });
    } finally {
      await stack.close();
      stack = main;
    }
  }, 120_000);
});

describe('CSV summary of UTF-16 files put in S3 as they are (Excel\'s "Unicode text")', () => {
  /** Tab-separated UTF-16 with a BOM and CRLF, emoji (surrogate pairs) and a quoted line break, of `rows` rows; and its UTF-8 text. */
  function unicodeText(rows: number, encoding: 'utf-16le' | 'utf-16be'): { bytes: Buffer; text: string } {
    const lines = ['id\tcliente\tvalor\tnota'];
    for (let i = 0; i < rows; i++) lines.push(`${i}\t${['Zé 😀', 'Conceição', '👍🏽 Ana', ''][i % 4]}\t${(i * 1.25).toFixed(2)}\t${i % 9 === 0 ? '"linha um\r\nlinha 🎉 dois"' : `n${i % 6}`}`);
    const text = `${lines.join('\r\n')}\r\n`;
    const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
    return { bytes: encoding === 'utf-16le' ? le : le.swap16(), text };
  }

  async function expectOnePass(key: string, text: string, encoding: string): Promise<void> {
    const file = (await summaries.list()).find((entry) => entry.key === key);
    expect([key, file?.status, file?.reason]).toEqual([key, 'summarized', null]);
    const local = `${mkdtempSync(path.join(tmpdir(), 'fluxo-utf16-'))}/utf8.csv`;
    writeFileSync(local, text);
    const single = await summarizeLocalFile(local);
    expect([file?.summary?.rows, file?.summary?.encoding, file?.summary?.delimiter]).toEqual([single.rows, encoding, '\t']);
    file?.summary?.columns.forEach((column, index) => {
      const other = single.columns[index];
      for (const name of ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'min', 'max', 'p25', 'p50', 'p75'] as const) expect([key, name, column[name]]).toEqual([key, name, other?.[name]]);
      if (typeof other?.mean === 'number') expect(column.mean).toBeCloseTo(other.mean, 9);
    });
  }

  it('on the small-file path and the inline Map (S3 ranged reads transcoded to UTF-8)', async () => {
    const small = unicodeText(8, 'utf-16le');
    const large = unicodeText(300, 'utf-16be');
    expect([small.bytes.length < 2000, large.bytes.length > 2000]).toEqual([true, true]);
    await s3.put(bucket, 'incoming/unicode-small.csv', small.bytes);
    await s3.put(bucket, 'incoming/unicode-large.csv', large.bytes);
    await drainMoto();
    await expectOnePass('incoming/unicode-small.csv', small.text, 'utf-16le');
    await expectOnePass('incoming/unicode-large.csv', large.text, 'utf-16be');
  });

  it('on the Distributed Map path', async () => {
    const huge = unicodeText(400, 'utf-16le');
    const main = stack;
    stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), objectStore: s3, env: { ...HUGE_ENV, CSV_HUGE_CHUNK_BYTES: '1501' } });
    try {
      await s3.put(bucket, 'incoming/unicode-huge.csv', huge.bytes);
      await drainMoto();
      await expectOnePass('incoming/unicode-huge.csv', huge.text, 'utf-16le');
    } finally {
      await stack.close();
      stack = main;
    }
  }, 120_000);
});

describe('CSV summary through the local uploads bucket', () => {
  let local: LocalStack;
  beforeAll(async () => {
    local = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger() });
  });
  afterAll(() => local.close());

  it('summarizes a Latin-1, `;`-separated, decimal-comma export and flags drift against the previous file of the prefix', async () => {
    await local.objects.put(UPLOADS_BUCKET, 'incoming/vendas/2026-10.csv', readFileSync('fixtures/csv/vendas-latin1.csv'));
    await local.settle();
    const shifted = Buffer.from('data;produto;valor;quantidade;loja\r\n03/12/2026;Caf\xe9;9.999,00;;A\r\n04/12/2026;Caf\xe9;8.888,00;;B\r\n', 'latin1');
    await local.objects.put(UPLOADS_BUCKET, 'incoming/vendas/2026-11.csv', shifted);
    await local.settle();
    const files = (await summaries.list()).filter((file) => file.bucket === UPLOADS_BUCKET);
    const october = files.find((file) => file.key.endsWith('2026-10.csv'));
    const november = files.find((file) => file.key.endsWith('2026-11.csv'));
    expect(october?.summary).toMatchObject({ delimiter: ';', encoding: 'windows-1252', decimal: ',' });
    expect(october?.summary?.columns.find((column) => column.name === 'valor')).toMatchObject({ type: 'number', count: 3, missing: 1, mean: expect.closeTo(418.02, 9), max: 1234.56 });
    expect(october?.summary?.columns.find((column) => column.name === 'produto')?.top).toBe('Café');
    expect(november?.drift?.baselineId).toBe(october?.id);
    expect(november?.drift?.flags.map((flag) => `${flag.column}:${flag.kind}`).sort()).toEqual(['loja:new_column', 'quantidade:missing_rate_jump', 'quantidade:type_change', 'valor:mean_shift']);
  });

  it('runs the chunk tasks on worker threads (one per core): the same summaries, the same failures, as in one thread', async () => {
    const threaded = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), env: HUGE_ENV, workers: 2 });
    try {
      await threaded.objects.put(UPLOADS_BUCKET, 'incoming/threads/huge.csv', hugeText());
      await threaded.objects.put(UPLOADS_BUCKET, 'incoming/threads/quoted.csv', quotedText());
      await threaded.objects.put(UPLOADS_BUCKET, 'incoming/threads/broken.csv', `${hugeText()}1,"never closed,2026-01-01\n`);
      await threaded.settle();
      // Every chunk, of both plans, was answered by a worker thread.
      const children = (await threaded.engine.store.list('csv-summary')).filter((record) => record.parent);
      expect(threaded.workers?.invocations).toBe(children.length);
      expect(children.length).toBeGreaterThan(10);
      const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-threads-'));
      const files = await summaries.list();
      for (const [name, text] of [['huge.csv', hugeText()], ['quoted.csv', quotedText()]] as const) {
        const stored = files.find((entry) => entry.key === `incoming/threads/${name}`);
        writeFileSync(path.join(dir, name), text);
        const single = await summarizeLocalFile(path.join(dir, name));
        expect(stored?.status).toBe('summarized');
        stored?.summary?.columns.forEach((column, index) => {
          for (const key of ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'min', 'max', 'p50'] as const) expect([name, key, column[key]]).toEqual([name, key, single.columns[index]?.[key]]);
        });
      }
      // A ValidationError thrown in a worker keeps its name: the machine's Catch records the line of the fault.
      expect(files.find((entry) => entry.key === 'incoming/threads/broken.csv')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/broken\.csv: line 402: unterminated quoted field/) });
    } finally {
      await threaded.close();
    }
  }, 120_000);
});
