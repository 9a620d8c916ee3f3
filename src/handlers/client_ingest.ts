import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import type { Ports } from '../ports/index.js';
import { startRegistration } from '../workflows/clients/ingest.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';
import { sfnWorkflows } from './wiring/workflows.js';

/** NewClientFunctionSQS -> one ClientRegistration execution per message (validation happens in the machine; the machine names its DLQ). */
/** The body ClientRegistration's SendToDeadLetterQueue writes: {messageId, message, error, execution}. */
function deadLettered(message: unknown): { messageId: string; message: unknown } | undefined {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const body = message as Record<string, unknown>;
  return typeof body.messageId === 'string' && 'message' in body && 'error' in body && typeof body.execution === 'string' ? { messageId: body.messageId, message: body.message } : undefined;
}

export const build = (deps: Ports<'db' | 'workflows'>) =>
  sqsConsumer(deps, {
    name: 'client_ingest',
    acceptText: true,
    parse: (message) => message,
    handle: async (message, { record, snsMessageId, logger }) => {
      const sent = Number(record.attributes.SentTimestamp);
      const replay = deadLettered(message);
      const started = await startRegistration(deps.workflows, {
        // A message the machine dead-lettered, moved back from the DLQ: a new execution for the original message
        // (the upsert is idempotent on the email, so a replay of a stored client changes nothing).
        messageId: replay ? `${replay.messageId}-replay-${record.messageId}` : (snsMessageId ?? record.messageId),
        receivedAt: new Date(Number.isFinite(sent) ? sent : Date.now()).toISOString(),
        message: replay ? replay.message : message,
      });
      logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted }, 'registration started');
    },
  });

export const main = onAws({ db: pgDb, workflows: sfnWorkflows }, build);
