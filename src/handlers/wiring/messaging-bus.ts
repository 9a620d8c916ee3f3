import { SnsTopic, SqsQueue } from '../../adapters/aws/sqs-sns.js';
import type { Provider } from '../compose.js';

export const sqsQueues: Provider<'queues'> = ({ settings }) => new SqsQueue(settings);
export const snsTopics: Provider<'topics'> = ({ settings }) => new SnsTopic(settings);
