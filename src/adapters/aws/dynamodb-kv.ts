import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from './marshall.js';
import { ConflictError } from '../../shared/errors.js';
import type { Item, KeyValueStore } from '../../ports/key-value-store.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

export class DynamoDbKeyValueStore implements KeyValueStore {
  readonly client: DynamoDBClient;
  constructor(settings: AwsClientSettings) {
    this.client = new DynamoDBClient(clientConfig(settings));
  }

  async get(table: string, key: Item): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }));
    return out.Item ? unmarshall(out.Item) : undefined;
  }

  async put(table: string, item: Item, options: { ifAbsent?: boolean; keyAttribute?: string } = {}): Promise<void> {
    const keyAttribute = options.keyAttribute ?? Object.keys(item)[0] ?? 'id';
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall(item),
          ...(options.ifAbsent ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': keyAttribute } } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`item already exists in ${table}`);
      throw error;
    }
  }

  async delete(table: string, key: Item): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: table, Key: marshall(key) }));
  }
}
