import fc from 'fast-check';
import type { SQSBatchResponse } from 'aws-lambda';
import { PgClientRepository } from '../../src/adapters/postgres/client-repository.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { silentLogger } from '../../src/platform/logger.js';
import { executionNameFor } from '../../src/workflows/clients/ingest.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { snsEnvelope, sqsRecord } from '../support/events.js';
import { SwitchableStore } from '../support/switchable-store.js';

let database: TestDb;
let store: SwitchableStore;
let stack: LocalStack;

beforeAll(async () => {
  database = await openTestDb();
  store = new SwitchableStore(database.db);
  stack = await createLocalStack({ db: store, waitScale: 0, logger: silentLogger() });
});
afterAll(async () => {
  await stack.close();
  await store.close();
  await database.drop();
});

const field = fc.oneof(fc.string(), fc.emailAddress(), fc.constantFrom('11 98765-4321', '+55 21 99876-5432', '123', ''), fc.integer(), fc.constant(null));
const message = fc.oneof(
  fc.record({ name_costumer: field, email: field, phone: field }, { requiredKeys: [] }),
  fc.record({ name: fc.string({ minLength: 1 }), email: fc.emailAddress(), phone: fc.constantFrom('11 98765-4321', '(31) 3333-4444') }),
  fc.string(),
  fc.jsonValue(),
);
const delivery = fc.record({ body: message, viaSns: fc.boolean(), asText: fc.boolean() });

describe('client registration, for any message', () => {
  it('ends stored, rejected or dead-lettered, and never fails the consumer', async () => {
    const rejections = new PgClientRepository(database.db);
    await fc.assert(
      fc.asyncProperty(fc.array(delivery, { minLength: 1, maxLength: 6 }), fc.boolean(), async (deliveries, databaseDown) => {
        store.down = databaseDown;
        const records = deliveries.map(({ body, viaSns, asText }) => {
          const text = asText && typeof body === 'string' ? body : JSON.stringify(body);
          return sqsRecord(viaSns ? JSON.stringify(snsEnvelope(text)) : text);
        });
        const response = (await stack.functions.invoke('client_ingest', { Records: records })) as SQSBatchResponse;
        await stack.settle();
        store.down = false;
        expect(response.batchItemFailures).toEqual([]);
        const rejected = new Set((await rejections.rejections()).map((rejection) => rejection.messageId));
        const deadLettered = new Set(stack.bus.queue('NewClientFunctionDLQ').peek().map((entry) => (JSON.parse(entry.body) as { messageId: string }).messageId));
        for (const record of records) {
          const envelope = (() => {
            try {
              const parsed = JSON.parse(record.body) as unknown;
              return (parsed && typeof parsed === 'object' ? parsed : {}) as { Type?: string; MessageId?: string };
            } catch {
              return {};
            }
          })();
          const messageId = envelope.Type === 'Notification' && envelope.MessageId ? envelope.MessageId : record.messageId;
          const execution = await stack.engine.store.get('client-registration', executionNameFor(messageId));
          const outcome = (execution.output as { outcome?: string } | undefined)?.outcome;
          if (execution.status === 'SUCCEEDED' && outcome === 'rejected') expect(rejected.has(messageId)).toBe(true);
          else if (execution.status === 'SUCCEEDED') expect(['created', 'updated', 'unchanged']).toContain(outcome);
          else {
            expect(execution.error).toBe('ClientRegistrationDeadLettered');
            expect(deadLettered.has(messageId)).toBe(true);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
