import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '../../adapters/aws/marshall.js';
import { serviceError, ValidationError } from '../../shared/errors.js';
import type { JsonKeyValueStore } from '../../adapters/local/json-kv.js';
import { applyUpdate, evaluateCondition } from './dynamo-expressions.js';
import type { QueuePort } from '../../ports/messaging-bus.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { TranscriptionJobs } from '../../ports/transcription-jobs.js';

export type Integration = (parameters: Record<string, unknown>) => Promise<unknown>;

export interface IntegrationDeps {
  objects: ObjectStore;
  queues: QueuePort;
  kv: JsonKeyValueStore;
  /** Amazon Transcribe jobs: local ones, or moto's in tests. */
  transcribe?: TranscriptionJobs;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function str(parameters: Record<string, unknown>, key: string): string {
  const value = parameters[key];
  if (typeof value !== 'string' || value === '') throw new ValidationError(`parameter ${key} is required`);
  return value;
}

/**
 * The optimized and SDK integrations fluxo's machines use, answered by local
 * adapters with the same request and response shapes as on AWS.
 * https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
 */
export function localIntegrations(deps: IntegrationDeps): Record<string, Integration> {
  return {
    'arn:aws:states:::sqs:sendMessage': async (p) => {
      const body = text(p.MessageBody);
      const messageId = await deps.queues.send(str(p, 'QueueUrl'), body);
      return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
    },
    'arn:aws:states:::dynamodb:getItem': async (p) => {
      const key = unmarshall(p.Key as Record<string, AttributeValue>);
      const item = await deps.kv.get(str(p, 'TableName'), key);
      return item ? { Item: marshall(item) } : {};
    },
    'arn:aws:states:::dynamodb:updateItem': async (p) => {
      const table = str(p, 'TableName');
      const key = unmarshall(p.Key as Record<string, AttributeValue>);
      const expressions = { names: p.ExpressionAttributeNames as Record<string, string> | undefined, values: p.ExpressionAttributeValues as Record<string, AttributeValue> | undefined };
      const updated = await deps.kv.update(table, key, (current) => {
        if (!evaluateCondition(p.ConditionExpression as string | undefined, current, expressions)) throw serviceError('DynamoDB.ConditionalCheckFailedException', 'The conditional request failed');
        return applyUpdate(str(p, 'UpdateExpression'), { ...(current ?? {}), ...key }, expressions);
      });
      return p.ReturnValues === 'ALL_NEW' ? { Attributes: marshall(updated) } : {};
    },
    'arn:aws:states:::aws-sdk:s3:getObject': async (p) => {
      const body = await deps.objects.get(str(p, 'Bucket'), str(p, 'Key'));
      return { Body: body.toString('utf8'), ContentLength: body.length };
    },
    'arn:aws:states:::aws-sdk:transcribe:startTranscriptionJob': async (p) => {
      if (!deps.transcribe) throw serviceError('States.Runtime', 'no Transcribe jobs in this local stack');
      return deps.transcribe.start(p);
    },
    'arn:aws:states:::aws-sdk:transcribe:getTranscriptionJob': async (p) => {
      if (!deps.transcribe) throw serviceError('States.Runtime', 'no Transcribe jobs in this local stack');
      return deps.transcribe.get(p);
    },
  };
}
