import { ValidationError } from '../shared/errors.js';

/**
 * The message inside an SQS record: unwraps an SNS envelope when the
 * subscription does not use raw delivery. Throws ValidationError for a body that
 * is not JSON, unless `acceptText`, which returns such a body as a string.
 */
export function unwrapSqsBody(body: string, options: { acceptText?: boolean } = {}): { message: unknown; topicArn?: string; snsMessageId?: string } {
  const read = (text: string, what: string): unknown => {
    try {
      return parseJson(text, what);
    } catch (error) {
      if (options.acceptText) return text;
      throw error;
    }
  };
  const outer = read(body, 'message body');
  if (isSnsEnvelope(outer)) {
    const message = typeof outer.Message === 'string' ? read(outer.Message, 'SNS Message') : outer.Message;
    return { message, topicArn: outer.TopicArn, snsMessageId: outer.MessageId };
  }
  return { message: outer };
}

interface SnsEnvelope {
  Type: string;
  Message: unknown;
  TopicArn?: string;
  MessageId?: string;
}

function isSnsEnvelope(value: unknown): value is SnsEnvelope {
  return !!value && typeof value === 'object' && (value as { Type?: unknown }).Type === 'Notification' && 'Message' in value;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(`${what} is not valid JSON`);
  }
}
