import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttributes, QueuePort, TopicPort } from '../../ports/messaging-bus.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

function attributesOf(attributes: MessageAttributes | undefined) {
  if (!attributes) return undefined;
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]));
}

export class SqsQueue implements QueuePort {
  readonly client: SQSClient;
  constructor(settings: AwsClientSettings) {
    this.client = new SQSClient(clientConfig(settings));
  }

  async send(queue: string, body: string, attributes?: MessageAttributes): Promise<string> {
    return (await this.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: body, MessageAttributes: attributesOf(attributes) }))).MessageId ?? '';
  }
}

export class SnsTopic implements TopicPort {
  constructor(
    settings: AwsClientSettings,
    readonly client = new SNSClient(clientConfig(settings)),
  ) {}

  async publish(topic: string, message: string, attributes?: MessageAttributes): Promise<string> {
    return (await this.client.send(new PublishCommand({ TopicArn: topic, Message: message, MessageAttributes: attributesOf(attributes) }))).MessageId ?? '';
  }
}
