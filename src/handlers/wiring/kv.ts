import { DynamoDbKeyValueStore } from '../../adapters/aws/dynamodb-kv.js';
import type { Provider } from '../compose.js';

export const dynamoKv: Provider<'kv'> = ({ settings }) => new DynamoDbKeyValueStore(settings);
