import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import { ConfigError } from '../platform/errors.js';
import type { Deps } from '../ports/index.js';
import { startRegistration } from '../workflows/clients/ingest.js';
import { onAws } from './compose.js';

/** NewClientFunctionSQS -> one ClientRegistration execution per message (validation happens in the machine). */
export const build = (deps: Deps) =>
  sqsConsumer(deps, {
    name: 'client_ingest',
    acceptText: true,
    parse: (message) => message,
    handle: async (message, { record, snsMessageId, logger }) => {
      const deadLetterQueueUrl = deps.config.CLIENT_DEAD_LETTER_QUEUE_URL;
      if (!deadLetterQueueUrl) throw new ConfigError(['CLIENT_DEAD_LETTER_QUEUE_URL']);
      const sent = Number(record.attributes.SentTimestamp);
      const started = await startRegistration(deps.workflows, {
        messageId: snsMessageId ?? record.messageId,
        receivedAt: new Date(Number.isFinite(sent) ? sent : Date.now()).toISOString(),
        message,
        deadLetterQueueUrl,
      });
      logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted }, 'registration started');
    },
  });

export const main = onAws(build);
