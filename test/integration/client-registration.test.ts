import { readFileSync } from 'node:fs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { PgClientRepository } from '../../src/adapters/postgres/client-repository.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { silentLogger } from '../../src/platform/logger.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { snsEnvelope, sqsEvent, sqsRecord } from '../support/events.js';
import { SwitchableStore } from '../support/switchable-store.js';

let database: TestDb;
let store: SwitchableStore;
let stack: LocalStack;
let repository: PgClientRepository;

beforeAll(async () => {
  database = await openTestDb();
  store = new SwitchableStore(database.db);
  stack = await createLocalStack({ db: store, waitScale: 0, logger: silentLogger() });
  repository = new PgClientRepository(database.db);
});
afterAll(async () => {
  await stack.close();
  await store.close();
  await database.drop();
});
beforeEach(async () => {
  store.down = false;
  await database.db.exec('truncate clients, client_rejections');
});

async function ingest(event: SQSEvent): Promise<SQSBatchResponse> {
  const response = (await stack.functions.invoke('client_ingest', event)) as SQSBatchResponse;
  await stack.settle();
  return response;
}

describe('client registration', () => {
  it('stores exactly one client from the existing system\'s SQS event, even when it is delivered twice', async () => {
    const event = JSON.parse(readFileSync('fixtures/events/new-client-sqs.json', 'utf8')) as SQSEvent;
    expect(await ingest(event)).toEqual({ batchItemFailures: [] });
    expect(await ingest(event)).toEqual({ batchItemFailures: [] });
    const clients = await repository.list();
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ name: 'Maria da Silva', email: 'maria.silva@example.com', phone: '+5511987654321', lastMessageId: '059f36b4-87a3-44ab-83d2-661975830a7d' });
    const execution = await stack.engine.store.get('client-registration', 'client-059f36b4-87a3-44ab-83d2-661975830a7d');
    expect(execution.output).toEqual({ messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', clientId: clients[0]?.id, outcome: 'created' });
  });

  it('accepts the SNS-enveloped message and updates a client whose email comes back with new data', async () => {
    await ingest(sqsEvent(snsEnvelope({ name: 'João', email: 'joao@example.com', phone: '11 3333-4444' })));
    await ingest(sqsEvent(snsEnvelope({ name: 'João Souza', email: 'JOAO@example.com', phone: '11 3333-4444' })));
    const clients = await repository.list();
    expect(clients.map(({ name, email, phone }) => ({ name, email, phone }))).toEqual([{ name: 'João Souza', email: 'joao@example.com', phone: '+551133334444' }]);
  });

  it('sorts a mixed batch of 10 into the right clients and rejections, with no batch item failures', async () => {
    const duplicate = { name_costumer: 'Ana', email: 'ana@example.com', phone: '21987654321' };
    const event = sqsEvent(
      duplicate,
      { ...duplicate },
      { name_costumer: 'Bia', email: 'bia@example.com', phone: '+55 31 99876-5432' },
      { name_costumer: 'Caio', email: 'caio-at-example.com', phone: '11987654321' },
      { email: 'semnome@example.com', phone: '11987654321' },
      'this is not json, call 11987654321',
      { name_costumer: 'Davi', email: 'davi@example.com', phone: '123' },
      snsEnvelope({ name: 'Eva', email: 'eva@example.com', phone: '11987650000' }),
      { name_costumer: 'Ana', email: 'ANA@example.com', phone: '21987654321' },
      [],
    );
    expect(await ingest(event)).toEqual({ batchItemFailures: [] });
    expect((await repository.list()).map((client) => client.email).sort()).toEqual(['ana@example.com', 'bia@example.com', 'eva@example.com']);
    const rejections = await repository.rejections();
    expect(rejections.map((rejection) => rejection.reason).sort()).toEqual([
      'email is not a valid address',
      'message is not a JSON object',
      'message is not a JSON object',
      'name is required (name_costumer or name)',
      'phone is not a valid number',
    ]);
    expect(JSON.stringify(rejections)).not.toMatch(/11987654321|semnome@|caio-at/);
  });

  it('retries while PostgreSQL is unreachable, then dead-letters the original message with the error: nothing lost', async () => {
    await ingest(sqsEvent({ name: 'Antes', email: 'antes@example.com', phone: '11987650001' }));
    store.down = true;
    const messages = [
      { name: 'Durante Um', email: 'um@example.com', phone: '11987650002' },
      { name: 'Durante Dois', email: 'dois@example.com', phone: '11987650003' },
    ];
    const event = sqsEvent(...messages);
    expect(await ingest(event)).toEqual({ batchItemFailures: [] });
    store.down = false;
    expect((await repository.list()).map((client) => client.email)).toEqual(['antes@example.com']);
    const dead = stack.bus.queue('NewClientFunctionDLQ').peek().map((message) => JSON.parse(message.body) as { messageId: string; message: unknown; error: { Error: string } });
    const ours = dead.filter((entry) => event.Records.some((record) => record.messageId === entry.messageId));
    expect(ours.map((entry) => entry.message)).toEqual(expect.arrayContaining(messages));
    expect(ours.every((entry) => entry.error.Error === 'TransientError')).toBe(true);
    const execution = await stack.engine.store.get('client-registration', `client-${event.Records[0]?.messageId}`);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ClientRegistrationDeadLettered');
    // Every try the machine allows (statemachines/client-registration.asl.json), then the DLQ.
    const upsert = (JSON.parse(readFileSync('statemachines/client-registration.asl.json', 'utf8')) as { States: { UpsertClient: { Retry: { MaxAttempts: number }[] } } }).States.UpsertClient;
    expect(execution.events.filter((e) => e.type === 'StateRetried' && e.stateName === 'UpsertClient')).toHaveLength(upsert.Retry[0]?.MaxAttempts ?? -1);

    // docs/operations.md: once PostgreSQL is back, the DLQ is moved back to the queue and the clients are stored.
    const bodies = stack.bus.queue('NewClientFunctionDLQ').peek().map((message) => message.body).filter((body) => ours.some((entry) => body.includes(entry.messageId)));
    expect(await ingest({ Records: bodies.map((body) => sqsRecord(body)) })).toEqual({ batchItemFailures: [] });
    expect((await repository.list()).map((client) => client.email).sort()).toEqual(['antes@example.com', 'dois@example.com', 'um@example.com']);
  });

  it('counts transitions per registration', async () => {
    await ingest({ Records: [sqsRecord({ name: 'Fábio', email: 'fabio@example.com', phone: '11987650009' })] });
    const [execution] = (await stack.engine.store.list('client-registration')).filter((record) => (record.output as { outcome?: string })?.outcome === 'created');
    expect(execution?.events.filter((e) => e.type === 'StateEntered')).toHaveLength(4);
  });
});
