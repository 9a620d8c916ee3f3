import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueueJournal } from '../../src/adapters/local/queue-journal.js';
import { startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-crash-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn' };
const CSVS = 20;
const MESSAGES = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let dev: Awaited<ReturnType<typeof startDev>>;
const getJson = async <T>(url: string): Promise<T> => (await (await dev.api(new URL(url).pathname)).json()) as T;

/** Every file under `dir` (recursively), but PGlite's own data folder. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !path.join(entry.parentPath, entry.name).includes(`${path.sep}pgdata`))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('fluxo dev killed with kill -9 in the middle of its work', () => {
  it('loses nothing and does nothing twice once started again', async () => {
    dev = await startDev(env);
    const inbox = path.join(home, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const sales = readFileSync('fixtures/csv/sales.csv', 'utf8');
    for (let index = 0; index < CSVS; index++) writeFileSync(path.join(inbox, `sales-${index}.csv`), `${sales}${index},extra-${index},${index}.5\n`.replace(/\n\d+,extra.*\n$/, '\n'));
    const invalid = new Set<number>();
    for (let index = 0; index < MESSAGES; index++) {
      const bad = index % 10 === 3;
      if (bad) invalid.add(index);
      const message = { name_costumer: `Cliente ${index}`, email: bad ? `not-an-email-${index}` : `cliente.${index}@example.com`, phone: `11 9${String(10_000_000 + index)}` };
      const response = await dev.api('/api/clients', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
      expect(response.status).toBe(202);
    }
    // Some work done, much in flight: then the process dies without a chance to clean up.
    for (let round = 0; round < 500; round++) {
      if ((await getJson<unknown[]>(`${dev.url}/api/clients`)).length >= 5) break;
      await sleep(20);
    }
    dev.child.kill('SIGKILL');
    await new Promise((resolve) => dev.child.once('exit', resolve));

    dev = await startDev(env);
    try {
      let clients: { email: string }[] = [];
      let rejections: { messageId: string }[] = [];
      let summaries: { key: string; status: string }[] = [];
      for (let round = 0; round < 240; round++) {
        [clients, rejections, summaries] = await Promise.all([getJson<typeof clients>(`${dev.url}/api/clients`), getJson<typeof rejections>(`${dev.url}/api/clients/rejections`), getJson<typeof summaries>(`${dev.url}/api/summaries`)]);
        if (clients.length >= MESSAGES - invalid.size && rejections.length >= invalid.size && summaries.length >= CSVS) break;
        await sleep(250);
      }
      await sleep(1000); // anything extra (a duplicate) would show up now
      const unfinished = (await getJson<{ machine: string; name: string; status: string; error?: string; cause?: string }[]>(`${dev.url}/api/executions`)).filter((execution) => execution.status !== 'SUCCEEDED' && execution.status !== 'ABORTED');
      expect(unfinished.map(({ machine, name, status, error, cause }) => `${machine}/${name} ${status} ${error ?? ''} ${(cause ?? '').slice(0, 200)}`)).toEqual([]);
      [clients, rejections, summaries] = await Promise.all([getJson<typeof clients>(`${dev.url}/api/clients`), getJson<typeof rejections>(`${dev.url}/api/clients/rejections`), getJson<typeof summaries>(`${dev.url}/api/summaries`)]);
      // Every valid client stored once, every invalid message rejected once.
      expect(clients).toHaveLength(MESSAGES - invalid.size);
      expect(new Set(clients.map((client) => client.email)).size).toBe(MESSAGES - invalid.size);
      expect(rejections).toHaveLength(invalid.size);
      expect(new Set(rejections.map((rejection) => rejection.messageId)).size).toBe(invalid.size);
      // Every CSV summarized once.
      expect(summaries.map((summary) => `${summary.key} ${summary.status}`).sort()).toEqual(Array.from({ length: CSVS }, (_, index) => `incoming/sales-${index}.csv summarized`).sort());
      // No execution left RUNNING; the inbox settled.
      for (let round = 0; round < 40; round++) {
        const running = (await getJson<{ status: string }[]>(`${dev.url}/api/executions`)).filter((execution) => execution.status === 'RUNNING');
        if (running.length === 0 && readdirSync(path.join(inbox, 'pending')).length === 0) break;
        await sleep(250);
      }
      expect((await getJson<{ status: string }[]>(`${dev.url}/api/executions`)).filter((execution) => execution.status === 'RUNNING')).toEqual([]);
      expect(readdirSync(path.join(inbox, 'pending'))).toEqual([]);
      expect(readdirSync(path.join(inbox, 'processed'))).toHaveLength(CSVS);
      expect(readdirSync(inbox).filter((name) => name.endsWith('.csv'))).toEqual([]);
    } finally {
      await dev.stop();
    }
    // Nothing half-written left, nothing dead-lettered that should not be.
    expect(filesUnder(home).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(home, 'dev.json'))).toBe(false);
    for (const queue of ['NewClientFunctionDLQ', 'CsvUploadsDLQ', 'NewClientFunctionSQS', 'CsvUploadsQueue']) expect(`${queue}: ${new QueueJournal(path.join(home, 'queues'), queue).open().length}`).toBe(`${queue}: 0`);
  }, 240_000);
});
