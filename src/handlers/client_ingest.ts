import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import type { Ports } from '../ports/index.js';
import { registrationFrom, startRegistration } from '../workflows/clients/ingest.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';
import { sfnWorkflows } from './wiring/workflows.js';

/** NewClientFunctionSQS -> one ClientRegistration execution per message (validation happens in the machine; the machine names its DLQ). */
export const build = (deps: Ports<'db' | 'workflows'>) =>
  sqsConsumer(deps, {
    name: 'client_ingest',
    acceptText: true,
    parse: (message) => message,
    handle: async (message, { record, snsMessageId, logger }) => {
      const input = registrationFrom(message, { recordId: record.messageId, snsMessageId, sentTimestamp: record.attributes.SentTimestamp });
      const started = await startRegistration(deps.workflows, input);
      logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted }, 'registration started');
    },
  });

export const main = onAws({ db: pgDb, workflows: sfnWorkflows }, build);
