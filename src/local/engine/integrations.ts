import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '../../adapters/aws/marshall.js';
import { ConflictError, serviceError, ValidationError } from '../../shared/errors.js';
import type { JsonKeyValueStore } from '../../adapters/local/json-kv.js';
import { applyUpdate, evaluateCondition } from './dynamo-expressions.js';
import type { QueuePort, TopicPort } from '../../ports/messaging-bus.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { WorkflowStarter } from '../../ports/workflow-starter.js';
import type { TranscriptionJobs } from '../../ports/transcription-jobs.js';

export type Integration = (parameters: Record<string, unknown>) => Promise<unknown>;

export interface IntegrationDeps {
  objects: ObjectStore;
  queues: QueuePort;
  topics: TopicPort;
  kv: JsonKeyValueStore;
  workflows: WorkflowStarter;
  invoke: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Key attribute of each local table (DynamoDB keeps it in the table; locally it is wiring). */
  tableKeys: Record<string, string>;
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
    'arn:aws:states:::lambda:invoke': async (p) => ({ StatusCode: 200, Payload: await deps.invoke(lambdaName(str(p, 'FunctionName')), p.Payload ?? {}) }),
    'arn:aws:states:::sqs:sendMessage': async (p) => {
      const body = text(p.MessageBody);
      const messageId = await deps.queues.send(str(p, 'QueueUrl'), body);
      return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
    },
    'arn:aws:states:::sns:publish': async (p) => ({ MessageId: await deps.topics.publish(str(p, 'TopicArn'), text(p.Message)) }),
    'arn:aws:states:::states:startExecution': async (p) => {
      const machine = str(p, 'StateMachineArn').split(':').pop() ?? '';
      const name = typeof p.Name === 'string' ? p.Name : crypto.randomUUID();
      const input = typeof p.Input === 'string' ? JSON.parse(p.Input) : (p.Input ?? {});
      const started = await deps.workflows.start(machine, name, input);
      if (started.alreadyExisted) throw serviceError('StepFunctions.ExecutionAlreadyExistsException', `execution ${name} already exists`);
      return { ExecutionArn: started.executionArn, StartDate: new Date().toISOString() };
    },
    'arn:aws:states:::dynamodb:getItem': async (p) => {
      const key = unmarshall(p.Key as Record<string, AttributeValue>);
      const item = await deps.kv.get(str(p, 'TableName'), key);
      return item ? { Item: marshall(item) } : {};
    },
    'arn:aws:states:::dynamodb:putItem': async (p) => {
      const table = str(p, 'TableName');
      const keyAttribute = deps.tableKeys[table];
      const ifAbsent = typeof p.ConditionExpression === 'string' && /attribute_not_exists/.test(p.ConditionExpression);
      try {
        await deps.kv.put(table, unmarshall(p.Item as Record<string, AttributeValue>), { ifAbsent, keyAttribute });
      } catch (error) {
        if (error instanceof ConflictError) throw serviceError('DynamoDB.ConditionalCheckFailedException', 'The conditional request failed');
        throw error;
      }
      return {};
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
    'arn:aws:states:::dynamodb:deleteItem': async (p) => {
      await deps.kv.delete(str(p, 'TableName'), unmarshall(p.Key as Record<string, AttributeValue>));
      return {};
    },
    'arn:aws:states:::aws-sdk:s3:getObject': async (p) => {
      const body = await deps.objects.get(str(p, 'Bucket'), str(p, 'Key'));
      return { Body: body.toString('utf8'), ContentLength: body.length };
    },
    'arn:aws:states:::aws-sdk:s3:putObject': async (p) => {
      const info = await deps.objects.put(str(p, 'Bucket'), str(p, 'Key'), text(p.Body ?? ''), typeof p.ContentType === 'string' ? p.ContentType : undefined);
      return { ETag: `"${info.etag}"` };
    },
    'arn:aws:states:::aws-sdk:transcribe:startTranscriptionJob': async (p) => {
      if (!deps.transcribe) throw serviceError('States.Runtime', 'no Transcribe jobs in this local stack');
      return deps.transcribe.start(p);
    },
    'arn:aws:states:::aws-sdk:transcribe:getTranscriptionJob': async (p) => {
      if (!deps.transcribe) throw serviceError('States.Runtime', 'no Transcribe jobs in this local stack');
      return deps.transcribe.get(p);
    },
    'arn:aws:states:::aws-sdk:s3:headObject': async (p) => {
      const info = await deps.objects.head(str(p, 'Bucket'), str(p, 'Key'));
      return { ContentLength: info.size, ETag: `"${info.etag}"`, ContentType: info.contentType, LastModified: info.lastModified?.toISOString() };
    },
  };
}

/** `arn:aws:lambda:...:function:name[:alias]`, `${name}` or a bare name -> name. */
function lambdaName(reference: string): string {
  const fromTemplate = /^\$\{(.+)\}$/.exec(reference)?.[1];
  if (fromTemplate) return fromTemplate;
  const parts = reference.split(':');
  const index = parts.indexOf('function');
  return index >= 0 ? (parts[index + 1] ?? reference) : reference;
}
