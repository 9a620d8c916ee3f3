import type { Provider } from '../compose.js';

export const dynamoKv: Provider<'kv'> = async ({ settings }) => new (await import('../../adapters/aws/dynamodb-kv.js')).DynamoDbKeyValueStore(settings);
