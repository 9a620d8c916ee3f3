import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';
import type { Ports } from '../ports/index.js';
import { objectsFromNotification, startSummaries } from '../workflows/csv/ingest.js';
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
      for (const started of await startSummaries(deps.workflows, objects)) logger.info(started, 'summary started');
    },
  });

export const main = onAws({ db: pgDb, workflows: sfnWorkflows }, build);
