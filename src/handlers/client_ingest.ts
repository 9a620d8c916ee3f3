import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import type { Deps } from '../ports/index.js';
import { startRegistration } from '../workflows/clients/ingest.js';
import { onAws } from './compose.js';

/** NewClientFunctionSQS -> one ClientRegistration execution per message (validation happens in the machine; the machine names its DLQ). */
export const build = (deps: Deps) =>
  sqsConsumer(deps, {
    name: 'client_ingest',
    acceptText: true,
    parse: (message) => message,
    handle: async (message, { record, snsMessageId, logger }) => {
      const sent = Number(record.attributes.SentTimestamp);
      const started = await startRegistration(deps.workflows, {
        messageId: snsMessageId ?? record.messageId,
        receivedAt: new Date(Number.isFinite(sent) ? sent : Date.now()).toISOString(),
        message,
      });
      logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted }, 'registration started');
    },
  });

export const main = onAws(build);
