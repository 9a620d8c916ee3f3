import { sqsConsumer } from '../../src/platform/kinds/sqs-consumer.js';
import { TransientError, ValidationError } from '../../src/shared/errors.js';
import { lambdaContext } from '../../src/platform/lambda-context.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { testDeps } from '../support/deps.js';
import { snsEnvelope, sqsEvent, sqsRecord } from '../support/events.js';

let database: TestDb;
beforeAll(async () => {
  database = await openTestDb();
});
afterAll(() => database.drop());

describe(`relational store (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  // Migrations racing and transactions: test/integration/relational-contract.test.ts (every adapter).
  it('sqsConsumer records a bad message once, acknowledges it, and reports only transient failures', async () => {
    const handled: string[] = [];
    const handler = sqsConsumer(testDeps(database.db), {
      name: 'test_ingest',
      parse: (message) => {
        const value = (message as { value?: unknown }).value;
        if (typeof value !== 'string') throw new ValidationError('value is required');
        return value;
      },
      handle: async (value) => {
        if (value === 'flaky') throw new TransientError('database busy');
        handled.push(value);
      },
    });
    const bad = sqsRecord('not json at all, from maria@example.com');
    const event = sqsEvent({ value: 'ok' }, snsEnvelope({ value: 'via-sns' }), { value: 'flaky' }, { other: 1 });
    event.Records.push(bad);
    const response = await handler(event, lambdaContext('test_ingest'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[2]?.messageId }]);
    expect(handled.sort()).toEqual(['ok', 'via-sns']);
    await handler({ Records: [bad] }, lambdaContext('test_ingest'));
    const rows = await database.db.query<{ message_id: string; error: string; reason: string; body: unknown }>(
      "select message_id, error, reason, body from poison_messages where source = 'test_ingest' order by id",
    );
    expect(rows.map((row) => [row.error, row.reason])).toEqual([
      ['ValidationError', 'value is required'],
      ['ValidationError', 'message body is not valid JSON'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('maria@example.com');
  });
});
