import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import type { Ports } from '../ports/index.js';
import { bySummarizedName, objectsFromNotification, startSummaries } from '../workflows/csv/ingest.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';
import { sfnWorkflows } from './wiring/workflows.js';

/** Uploads queue -> one CsvSummary execution per object version. */
export const build = (deps: Ports<'db' | 'workflows'>) =>
  sqsConsumer(deps, {
    name: 'csv_ingest',
    parse: (message) => objectsFromNotification(message),
    handle: async (objects, { logger }) => {
      if (objects.length === 0) return logger.info('test event or nothing created: ignored');
      const { summarized, ignored } = bySummarizedName(objects);
      for (const { key, reason } of ignored) logger.warn({ key }, reason);
      for (const started of await startSummaries(deps.workflows, summarized)) logger.info(started, 'summary started');
    },
  });

export const main = onAws({ db: pgDb, workflows: sfnWorkflows }, build);
