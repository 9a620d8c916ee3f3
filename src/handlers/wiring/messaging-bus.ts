import type { Provider } from '../compose.js';

export const sqsQueues: Provider<'queues'> = async ({ settings }) => new (await import('../../adapters/aws/sqs-sns.js')).SqsQueue(settings);
export const snsTopics: Provider<'topics'> = async ({ settings }) => new (await import('../../adapters/aws/sqs-sns.js')).SnsTopic(settings);
