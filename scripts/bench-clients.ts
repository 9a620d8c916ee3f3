// npm run bench:clients [-- --messages N]
// Messages per second through the local topic, queue, client_ingest, the
// ClientRegistration machine on the local engine and PostgreSQL (DATABASE_URL)
// or PGlite; and the state transitions per registration.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgStore } from '../src/adapters/postgres/pg-store.js';
import { PgliteStore } from '../src/adapters/postgres/pglite-store.js';
import { migrate } from '../src/adapters/postgres/migrate.js';
import { createLocalStack } from '../src/local/stack/compose.js';
import { silentLogger } from '../src/platform/logger.js';
import type { RelationalStore } from '../src/ports/relational-store.js';

const count = Number(process.argv[process.argv.indexOf('--messages') + 1]) || 2000;
const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function openDb(): Promise<{ db: RelationalStore; label: string; drop: () => Promise<void> }> {
  if (!url) {
    const db = await PgliteStore.open();
    return { db, label: 'PGlite (in memory)', drop: () => db.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const db = PgStore.connect(url, { searchPath: schema, max: 8 });
  return {
    db,
    label: `PostgreSQL (${new URL(url).host})`,
    drop: async () => {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

const { db, label, drop } = await openDb();
await migrate(db);
const stack = await createLocalStack({ db, waitScale: 0, logger: silentLogger() });
const memoryBefore = process.memoryUsage().rss;
const started = performance.now();
for (let i = 0; i < count; i++) {
  const valid = i % 10 !== 9;
  const message = { name_costumer: `Cliente ${i}`, email: valid ? `cliente${i}@example.com` : `invalid-${i}`, phone: `11 9${String(87650000 + i).slice(-8)}` };
  await stack.bus.publish('NewClientNotification', JSON.stringify(message));
}
await stack.settle();
const seconds = (performance.now() - started) / 1000;
const executions = await stack.engine.store.list('client-registration');
const transitions = (outcome: string) => {
  const matching = executions.filter((execution) => (execution.output as { outcome?: string } | undefined)?.outcome === outcome);
  const entered = matching.reduce((sum, execution) => sum + execution.events.filter((event) => event.type === 'StateEntered').length, 0);
  return matching.length ? entered / matching.length : 0;
};
const [{ clients }] = await db.query<{ clients: string }>('select count(*) as clients from clients');
const [{ rejections }] = await db.query<{ rejections: string }>('select count(*) as rejections from client_rejections');
const failed = executions.filter((execution) => execution.status !== 'SUCCEEDED').length;

const rows: [string, string][] = [
  ['database', label],
  ['messages published', String(count)],
  ['clients stored / rejections / failed', `${clients} / ${rejections} / ${failed}`],
  ['elapsed', `${seconds.toFixed(2)} s`],
  ['throughput', `${(count / seconds).toFixed(0)} messages/s (target >= 500)`],
  ['transitions per registration', `${transitions('created').toFixed(1)} (valid), ${transitions('rejected').toFixed(1)} (rejected)`],
  ['Step Functions cost per 1000 registrations', `USD ${((transitions('created') * 1000 * 25) / 1_000_000).toFixed(3)} (Standard, USD 25 per million transitions)`],
  ['RSS growth', `${((process.memoryUsage().rss - memoryBefore) / 1024 / 1024).toFixed(0)} MB`],
];
const width = Math.max(...rows.map(([key]) => key.length));
for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
await stack.close();
await drop();
