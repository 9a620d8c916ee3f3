import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { BaseDeps } from '../../ports/index.js';
import { classify, oneLine } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { withKind } from './kind.js';

export interface ScheduledOptions {
  name: string;
  handle: (event: ScheduledEvent, context: { logger: Logger }) => Promise<void>;
}

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<void>;

/**
 * An EventBridge-scheduled worker. A failure is logged and rethrown, so
 * EventBridge's retry policy (and its DLQ, when configured) applies.
 */
export function scheduled(deps: BaseDeps, options: ScheduledOptions): ScheduledHandler {
  const handler = middy<ScheduledEvent, void>().handler(async (event) => {
    const logger = deps.logger.child({ function: options.name, eventId: event.id });
    try {
      await options.handle(event, { logger });
    } catch (raw) {
      const error = classify(raw);
      logger.error({ error: error.name, reason: oneLine(error) }, 'scheduled run failed');
      throw error;
    }
  });
  return withKind(handler as unknown as ScheduledHandler, 'scheduled');
}
