import { CreateBucketCommand, PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import * as z from '../../src/shared/zod.js';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.js';
import { SnsTopic, SqsQueue } from '../../src/adapters/aws/sqs-sns.js';
import { SecretsManagerStore } from '../../src/adapters/aws/secrets-manager.js';
import { DynamoDbKeyValueStore } from '../../src/adapters/aws/dynamodb-kv.js';
import { pollQueue } from '../../src/adapters/aws/sqs-poller.js';
import { composeAws } from '../../src/handlers/wiring/all.js';
import { NotFoundError, ValidationError, ConflictError } from '../../src/shared/errors.js';
import { sqsConsumer } from '../../src/platform/kinds/sqs-consumer.js';
import { silentLogger } from '../../src/platform/logger.js';
import { unwrapSqsBody } from '../../src/platform/envelopes.js';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { openTestDb, type TestDb } from '../support/db.js';
import { testDeps } from '../support/deps.js';

const settings = { region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT };
const s3 = new S3ObjectStore(settings);
const sqs = new SqsQueue(settings);
const sns = new SnsTopic(settings);
let database: TestDb;

beforeAll(async () => {
  if (!process.env.MOTO_ENDPOINT) throw new Error('MOTO_ENDPOINT is not set: run through jest (global setup starts moto)');
  database = await openTestDb();
});
afterAll(() => database.drop());

async function createQueue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '1' } }));
  const { Attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl ?? '', arn: Attributes?.QueueArn ?? '' };
}

async function receiveAll(url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < 5; i++) {
    const out = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of out.Messages ?? []) {
      bodies.push(message.Body ?? '');
      await sqs.client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
    if (bodies.length && !(out.Messages ?? []).length) break;
  }
  return bodies;
}

describe('AWS adapters against moto', () => {
  it('S3: put, head, get, ranged stream and list', async () => {
    const bucket = `b-${randomUUID()}`;
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const info = await s3.put(bucket, 'incoming/a b.csv', 'a,b\n1,2\n', 'text/csv');
    expect(info.etag).toMatch(/^[0-9a-f]{32}$/);
    expect((await s3.head(bucket, 'incoming/a b.csv')).size).toBe(8);
    expect((await s3.get(bucket, 'incoming/a b.csv')).toString()).toBe('a,b\n1,2\n');
    const chunks: Buffer[] = [];
    for await (const chunk of await s3.stream(bucket, 'incoming/a b.csv', { start: 4, end: 6 })) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).toString()).toBe('1,2');
    expect((await s3.list(bucket, 'incoming/')).map((object) => object.key)).toEqual(['incoming/a b.csv']);
    await expect(s3.head(bucket, 'missing.csv')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('S3 ObjectCreated -> SNS -> SQS delivers a test event, then the URL-encoded key in an SNS envelope', async () => {
    const bucket = `drop-${randomUUID()}`;
    const { TopicArn } = await sns.client.send(new CreateTopicCommand({ Name: `uploads-${randomUUID()}` }));
    const queue = await createQueue(`uploads-${randomUUID()}`);
    await sns.client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          TopicConfigurations: [{ TopicArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.csv' }] } } }],
        },
      }),
    );
    await s3.put(bucket, 'incoming/vendas março.csv', 'x\n1\n');
    await s3.put(bucket, 'other/ignored.csv', 'x\n1\n');
    const messages = (await receiveAll(queue.url)).map((body) => unwrapSqsBody(body).message as { Event?: string; Records?: { s3: { object: { key: string } } }[] });
    expect(messages.some((message) => message.Event === 's3:TestEvent')).toBe(true);
    const keys = messages.flatMap((message) => message.Records ?? []).map((record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
    expect(keys).toEqual(['incoming/vendas março.csv']);
  });

  it('fluxo consume: long-polls SQS, acknowledges done and poison messages, leaves transient failures for redelivery', async () => {
    const queue = await createQueue(`work-${randomUUID()}`);
    await sqs.client.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { VisibilityTimeout: '30' } }));
    const seen: string[] = [];
    const handler = sqsConsumer(testDeps(database.db), {
      name: 'test_consume',
      parse: (message) => {
        const parsed = z.object({ n: z.number() }).safeParse(message);
        if (!parsed.success) throw new ValidationError('n must be a number');
        return parsed.data;
      },
      handle: async ({ n }) => {
        if (n === 3) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
        seen.push(String(n));
      },
    });
    for (const body of ['{"n":1}', '{"n":2}', '{"n":"bad"}', '{"n":3}']) await sqs.send(queue.url, body);
    const stats = await pollQueue({ client: sqs.client, queueUrl: queue.url, handler: (event) => handler(event, {} as never), logger: silentLogger(), waitTimeSeconds: 1, maxEmptyReceives: 1 });
    expect(seen.sort()).toEqual(['1', '2']);
    expect(stats).toEqual({ received: 4, deleted: 3, failed: 1 });
    const poison = await database.db.query<{ source: string; error: string; reason: string }>("select source, error, reason from poison_messages where source = 'test_consume'");
    expect(poison).toEqual([{ source: 'test_consume', error: 'ValidationError', reason: 'n must be a number' }]);
    const { Attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
  });

  it('DynamoDB: conditional put refuses a second item with the same key', async () => {
    const kv = new DynamoDbKeyValueStore(settings);
    const table = `t-${randomUUID()}`;
    await kv.client.send(
      new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: 'sender', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'sender', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    await kv.put(table, { sender: 'whatsapp:+5511', count: 1, nested: { a: [1, 'x'] } }, { ifAbsent: true, keyAttribute: 'sender' });
    await expect(kv.put(table, { sender: 'whatsapp:+5511', count: 2 }, { ifAbsent: true, keyAttribute: 'sender' })).rejects.toBeInstanceOf(ConflictError);
    expect(await kv.get(table, { sender: 'whatsapp:+5511' })).toEqual({ sender: 'whatsapp:+5511', count: 1, nested: { a: [1, 'x'] } });
  });

  it('composeAws reads the stage secret from Secrets Manager and never logs it', async () => {
    const secretId = `fluxo/test-${randomUUID()}`;
    await new SecretsManagerStore(settings).client.send(new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://u:pw@db/x' }) }));
    const deps = await composeAws({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: process.env.MOTO_ENDPOINT, FLUXO_SECRET_ID: secretId });
    expect(deps.config.LOG_LEVEL).toBe('warn');
    expect(deps.config.DATABASE_URL).toBe('postgres://u:pw@db/x');
    await expect(composeAws({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: process.env.MOTO_ENDPOINT, FLUXO_SECRET_ID: 'fluxo/missing' })).rejects.toThrow('secret fluxo/missing not found');
  });
});
