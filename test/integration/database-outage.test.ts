import { PgClientRepository } from '../../src/adapters/postgres/client-repository.js';
import { PgStore } from '../../src/adapters/postgres/pg-store.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { UPLOADS_BUCKET } from '../../src/local/stack/topology.js';
import { silentLogger } from '../../src/platform/logger.js';
import { FAILURES_PREFIX } from '../../src/workflows/csv/failures.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { snsEnvelope, sqsEvent } from '../support/events.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * PostgreSQL going away under the running flows: every connection of the
 * functions passes through a TCP proxy the test cuts. The machines' Retry
 * (scaled by waitScale: 9 tries of 5 s x 0.05) must carry them over the outage.
 */
const WORK_BUCKET = 'fluxo-work';
const maybe = process.env.TEST_DATABASE_URL ? describe : describe.skip;

maybe('a database outage in the middle of a run (PostgreSQL behind a TCP proxy the test cuts)', () => {
  let database: TestDb;
  let proxy: TcpProxy;
  let store: PgStore;
  let stack: LocalStack;
  let summaries: PgSummaryRepository;
  let clients: PgClientRepository;

  beforeAll(async () => {
    database = await openTestDb();
    const url = new URL(database.url ?? '');
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    store = PgStore.connect(url.toString(), { searchPath: database.schema, max: 2 });
    stack = await createLocalStack({ db: store, waitScale: 0.05, workers: 0, logger: silentLogger() });
    // The assertions read the database directly, never through the proxy.
    summaries = new PgSummaryRepository(database.db);
    clients = new PgClientRepository(database.db);
  });

  afterAll(async () => {
    await stack?.close();
    await store?.close().catch(() => undefined);
    await proxy?.close();
    await database?.drop();
  });

  const filesUnder = async (prefix: string) => (await summaries.list()).filter((file) => file.bucket === UPLOADS_BUCKET && file.key.startsWith(prefix));
  const sales = (rows: number) => `id,valor,cidade\n${Array.from({ length: rows }, (_, i) => `${i + 1},${(i * 2.5).toFixed(2)},${i % 2 ? 'Recife' : 'Natal'}`).join('\n')}\n`;

  it('stores the summary once when the connection is cut while StoreSummary writes it', async () => {
    await store.query('select 1');
    const cut = proxy.cutOn(/insert into csv_files/i, 800);
    await stack.objects.put(UPLOADS_BUCKET, 'incoming/cut/vendas.csv', sales(40));
    await stack.settle();
    await cut;
    const files = await filesUnder('incoming/cut/');
    expect(files.map(({ key, status, rows }) => ({ key, status, rows }))).toEqual([{ key: 'incoming/cut/vendas.csv', status: 'summarized', rows: 40 }]);
    expect(proxy.cuts).toBeGreaterThan(0);
  }, 60_000);

  it('stores the client once when the connection is cut while UpsertClient writes it', async () => {
    const cut = proxy.cutOn(/insert into clients/i, 800);
    await stack.functions.invoke('client_ingest', sqsEvent(snsEnvelope({ name_costumer: 'Ana Souza', email: 'ana.outage@example.com', phone: '(11) 98765-4321' })));
    await stack.settle();
    await cut;
    const stored = (await clients.list()).filter((client) => client.email === 'ana.outage@example.com');
    expect(stored.map(({ name, email, phone }) => ({ name, email, phone }))).toEqual([{ name: 'Ana Souza', email: 'ana.outage@example.com', phone: '+5511987654321' }]);
  }, 60_000);

  it('keeps a failure in the work bucket while the database stays down, and records it once the database is back', async () => {
    proxy.cutAll();
    await stack.objects.put(UPLOADS_BUCKET, 'incoming/down/broken.csv', 'id,nota\n1,"never closed\n2,ok\n');
    // RecordFailure gives up after its retries: the reason waits in the work bucket.
    await stack.settle();
    const waiting = await stack.objects.list(WORK_BUCKET, FAILURES_PREFIX);
    const runs = (await stack.engine.store.list('csv-summary')).filter((run) => JSON.stringify(run.input).includes('broken.csv'));
    expect({ waiting: waiting.length, runs: runs.map((run) => [run.status, run.error, run.events.filter((event) => event.type === 'StateRetried').length]) }).toEqual({ waiting: 1, runs: [['FAILED', expect.anything(), expect.any(Number)]] });
    const pending = JSON.parse((await stack.objects.get(WORK_BUCKET, waiting[0]?.key ?? '')).toString('utf8')) as { target: { key: string }; error: { Error: string } };
    expect(pending).toMatchObject({ target: { key: 'incoming/down/broken.csv' }, error: { Error: 'ValidationError' } });
    expect(await filesUnder('incoming/down/')).toEqual([]);

    proxy.restore();
    // The next file the database stores brings the waiting failure in with it.
    await stack.objects.put(UPLOADS_BUCKET, 'incoming/down/later.csv', sales(5));
    await stack.settle();
    const files = await filesUnder('incoming/down/');
    expect(files.map(({ key, status, error, reason }) => ({ key, status, error, reason })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'incoming/down/broken.csv', status: 'failed', error: 'ValidationError', reason: expect.stringMatching(/broken\.csv: line \d+: unterminated quoted field/) },
      { key: 'incoming/down/later.csv', status: 'summarized', error: null, reason: null },
    ]);
    expect(await stack.objects.list(WORK_BUCKET, FAILURES_PREFIX)).toEqual([]);
  }, 60_000);
});
