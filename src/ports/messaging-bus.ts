export type MessageAttributes = Record<string, string>;

/** SQS on AWS, an in-process queue locally. */
export interface QueuePort {
  /** `queue` is a queue URL on AWS and a queue name locally. Returns the message id. */
  send(queue: string, body: string, attributes?: MessageAttributes): Promise<string>;
}

/** SNS on AWS, an in-process topic locally. */
export interface TopicPort {
  /** `topic` is a topic ARN on AWS and a topic name locally. Returns the message id. */
  publish(topic: string, message: string, attributes?: MessageAttributes): Promise<string>;
}
