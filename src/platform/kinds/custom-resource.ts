import type { Context } from 'aws-lambda';
import type { BaseDeps } from '../../ports/index.js';
import { classify, oneLine } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { withKind } from './kind.js';

/** What CloudFormation sends a custom resource's function. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

export function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  const candidate = event as Partial<CustomResourceEvent> | null;
  return typeof candidate?.RequestType === 'string' && typeof candidate.ResponseURL === 'string' && typeof candidate.StackId === 'string';
}

export interface CustomResourceOptions {
  name: string;
  /** Create and Update: the resource's work; its result goes to `Data`. Delete does nothing unless `onDelete` is given. */
  onChange: (event: CustomResourceEvent, context: { logger: Logger }) => Promise<Record<string, unknown>>;
  onDelete?: (event: CustomResourceEvent, context: { logger: Logger }) => Promise<void>;
}

/**
 * A CloudFormation custom resource: always answers the pre-signed ResponseURL (SUCCESS,
 * or FAILED with the error in one line, which fails the deploy with it), and answers
 * FAILED before the Lambda times out, so a stack never waits an hour for a reply.
 */
export function customResource(deps: BaseDeps, options: CustomResourceOptions) {
  const handler = async (event: CustomResourceEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ status: 'SUCCESS' | 'FAILED'; reason?: string }> => {
    const logger = deps.logger.child({ function: options.name, requestType: event.RequestType, logicalResourceId: event.LogicalResourceId });
    const physicalResourceId = event.PhysicalResourceId ?? `${options.name}-${event.LogicalResourceId}`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${options.name} did not finish before the function's timeout`)), Math.max(1000, context.getRemainingTimeInMillis() - 5000));
    });
    let outcome: { status: 'SUCCESS' | 'FAILED'; reason?: string; data?: Record<string, unknown> };
    try {
      const work = event.RequestType === 'Delete' ? (options.onDelete?.(event, { logger }) ?? Promise.resolve()).then(() => ({})) : options.onChange(event, { logger });
      outcome = { status: 'SUCCESS', data: await Promise.race([work, deadline]) };
    } catch (raw) {
      const error = classify(raw);
      outcome = { status: 'FAILED', reason: `${error.name}: ${oneLine(error)}`.slice(0, 2000) };
      logger.error({ error: error.name, reason: outcome.reason }, 'custom resource failed');
    } finally {
      clearTimeout(timer);
    }
    const body = JSON.stringify({
      Status: outcome.status,
      Reason: outcome.reason ?? 'ok',
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: outcome.data ?? {},
    });
    // The URL is a pre-signed S3 PUT: no content type, or the signature does not match.
    const response = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
    if (!response.ok) logger.error({ status: response.status }, 'CloudFormation did not take the response');
    return { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  };
  return withKind(handler, 'task');
}
