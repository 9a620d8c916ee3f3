import { migrate, readMigrations } from '../../src/adapters/postgres/migrate.js';
import { PgClientRepository } from '../../src/adapters/postgres/client-repository.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import type { Summary } from '../../src/domain/csv/summary.js';
import { sqsConsumer } from '../../src/platform/kinds/sqs-consumer.js';
import { lambdaContext } from '../../src/platform/lambda-context.js';
import { ValidationError } from '../../src/shared/errors.js';
import type { RelationalStore } from '../../src/ports/relational-store.js';
import { testDeps } from './deps.js';
import { sqsRecord } from './events.js';

export interface ContractTarget {
  /** A fresh, empty database (not migrated). */
  store: RelationalStore;
  /** A second store on the same database (two migrators racing). */
  second(): RelationalStore;
  drop(): Promise<void>;
}

const summary: Summary = {
  rows: 3,
  delimiter: ',',
  encoding: 'utf-8',
  decimal: '.',
  columns: [{ name: 'valor', type: 'number', count: 3, missing: 0, unique: null, top: null, freq: null, mean: 2.5, std: 0.5, min: 2, p25: 2.25, p50: 2.5, p75: 2.75, max: 3, exact: true }],
  warnings: [],
};

/**
 * What every relational-store adapter must do, as the repositories and the migrator use
 * it: the same tests for `pg` (a server or PGlite) and the Data API.
 */
export function relationalStoreContract(label: string, open: () => Promise<ContractTarget>): void {
  describe(`relational store contract: ${label}`, () => {
    let target: ContractTarget;
    beforeAll(async () => {
      target = await open();
    }, 60_000);
    afterAll(() => target?.drop());

    it('applies each migration once, even when two migrators race, under the advisory lock', async () => {
      const all = await readMigrations();
      const second = target.second();
      const [a, b] = await Promise.all([migrate(target.store), migrate(second)]);
      expect([...a, ...b].sort()).toEqual(all.map((migration) => migration.version));
      expect(await migrate(target.store)).toEqual([]);
      const rows = await target.store.query<{ version: string }>('select version from schema_migrations order by version');
      expect(rows.map((row) => row.version)).toEqual(all.map((migration) => migration.version));
      if (second !== target.store) await second.close();
    }, 60_000);

    it('commits a transaction, and rolls one back when the work throws', async () => {
      await target.store.exec('create table if not exists t_contract (n int, label text); delete from t_contract');
      await target.store.transaction(async (tx) => {
        await tx.query('insert into t_contract values ($1, $2)', [1, 'kept']);
      });
      await expect(
        target.store.transaction(async (tx) => {
          await tx.query('insert into t_contract values ($1, $2)', [2, 'dropped']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await target.store.query('select n, label from t_contract order by n')).toEqual([{ n: 1, label: 'kept' }]);
    });

    it('stores a client once, updates it, records a rejection with its payload; types come back as pg gives them', async () => {
      const clients = new PgClientRepository(target.store);
      const client = { name: 'Ana Souza', email: 'Ana@Example.com', phone: '+5511987654321' };
      const created = await clients.upsert(client, 'm-1');
      expect(created.outcome).toBe('created');
      expect(await clients.upsert({ ...client, email: 'ana@example.com' }, 'm-2')).toEqual({ clientId: created.clientId, outcome: 'unchanged' });
      expect(await clients.upsert({ ...client, phone: '+5511900000000' }, 'm-3')).toEqual({ clientId: created.clientId, outcome: 'updated' });
      const [stored] = await clients.list();
      expect(stored).toMatchObject({ id: created.clientId, name: 'Ana Souza', phone: '+5511900000000', lastMessageId: 'm-3' });
      expect(new Date(stored?.createdAt ?? '').getTime()).toBeGreaterThan(Date.now() - 600_000);
      await clients.recordRejection({ messageId: 'm-9', reason: 'email: invalid', payload: { name_costumer: 'A***', email: 'x', tags: ['a', 'b'] }, receivedAt: '2026-12-02T10:00:00.000Z' });
      await clients.recordRejection({ messageId: 'm-9', reason: 'email: invalid', payload: {} });
      const rejections = await clients.rejections();
      expect(rejections).toHaveLength(1);
      expect(rejections[0]).toMatchObject({ messageId: 'm-9', reason: 'email: invalid', payload: { name_costumer: 'A***', email: 'x', tags: ['a', 'b'] } });
      expect(new Date(rejections[0]?.receivedAt ?? '').toISOString()).toBe('2026-12-02T10:00:00.000Z');
    });

    it('stores a summary once per object version with its columns and drift, finds the previous one, records a failure', async () => {
      const summaries = new PgSummaryRepository(target.store);
      const identity = { bucket: 'b', key: 'in/a.csv', etag: 'e1', prefix: 'in', size: 12, executionName: 'x1' };
      const drift = { baselineId: null, flags: [] };
      const first = await summaries.store(identity, summary, drift);
      expect(first.created).toBe(true);
      expect(await summaries.store(identity, summary, drift)).toEqual({ fileId: first.fileId, created: false });
      const columns = await target.store.query<{ name: string; stats: { mean: number } }>('select name, stats from csv_columns where file_id = $1', [first.fileId]);
      expect(columns).toEqual([{ name: 'valor', stats: expect.objectContaining({ mean: 2.5 }) }]);
      const stored = await summaries.get(first.fileId);
      expect(stored).toMatchObject({ id: first.fileId, status: 'summarized', rows: 3, size: 12, summary, drift, executionName: 'x1' });
      expect((await summaries.previous({ bucket: 'b', key: 'in/b.csv', etag: 'e2' }, 'in'))?.id).toBe(first.fileId);
      const failed = await summaries.recordFailure({ bucket: 'b', key: 'in/c.csv', etag: 'e3', prefix: 'in' }, 'ValidationError', 'c.csv: line 2: unterminated quoted field');
      expect(await summaries.get(failed.fileId)).toMatchObject({ status: 'failed', reason: 'c.csv: line 2: unterminated quoted field', summary: null });
      expect((await summaries.list()).map((file) => file.key)).toEqual(['in/c.csv', 'in/a.csv']);
    });

    it('records a poison message once through the SQS consumer kind', async () => {
      const handler = sqsConsumer(testDeps(target.store), {
        name: 'contract_ingest',
        parse: () => {
          throw new ValidationError('value is required');
        },
        handle: async () => undefined,
      });
      const bad = sqsRecord({ other: 1 });
      await handler({ Records: [bad] }, lambdaContext('contract_ingest'));
      await handler({ Records: [bad] }, lambdaContext('contract_ingest'));
      const rows = await target.store.query<{ message_id: string; body: unknown }>('select message_id, body from poison_messages where source = $1', ['contract_ingest']);
      expect(rows).toEqual([{ message_id: bad.messageId, body: { other: 1 } }]);
    });
  });
}
