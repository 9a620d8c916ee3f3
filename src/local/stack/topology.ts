import type { QueueSettings, Subscription } from '../../adapters/local/memory-bus.js';
import { SUMMARIZED_EXTENSIONS } from '../../domain/csv/file-names.js';
import { fileNameSegment, objectKey } from '../../platform/path-segment.js';

/**
 * The local mirror of serverless.yml's event wiring: which queue feeds which
 * function, which topic fans out to which queue, which bucket prefix notifies
 * which topic. Each workflow adds its entries here and in serverless.yml.
 */
/** The local uploads bucket: `fluxo upload`, the inbox folder and the console put CSVs under `incoming/`. */
export const UPLOADS_BUCKET = 'fluxo-uploads';

/**
 * Where an upload lands: `incoming/<dataset>/<name>.csv` (or .tsv, .txt: domain/csv/file-names.ts). Drift compares a file only
 * with earlier files of its folder, so the dataset (chosen at upload) keeps unrelated files apart.
 */
export function incomingKey(name: string, dataset = ''): string {
  const folder = dataset.trim().replace(/^\/+|\/+$/g, '');
  return objectKey(`incoming/${folder ? `${folder}/` : ''}${fileNameSegment(name, SUMMARIZED_EXTENSIONS)}`);
}

export interface LocalWiring {
  queues: { name: string; settings?: Partial<QueueSettings>; consumer?: string }[];
  topics: { name: string; subscriptions: Subscription[] }[];
  buckets: { name: string; notify?: { topic: string; prefix?: string; suffix?: string } }[];
  /** Local names of the resources machines name as `"${Resource}"` (queues; tables and buckets come from config). */
  resources: Record<string, string>;
  /** DynamoDB tables and their partition key attribute. */
  tables: Record<string, string>;
  /** Settings serverless.yml gives the functions (queue URLs become local queue names). */
  env: Record<string, string>;
}

export const wiring: LocalWiring = {
  queues: [
    // Client registration: NewClientNotification -> NewClientFunctionSQS (+ DLQ after 3 receives) -> client_ingest.
    { name: 'NewClientFunctionSQS', consumer: 'client_ingest', settings: { maxReceiveCount: 3, deadLetterQueue: 'NewClientFunctionDLQ', visibilityTimeoutMs: 180_000, batchSize: 10 } },
    { name: 'NewClientFunctionDLQ' },
    // CSV summaries: uploads bucket (incoming/*) -> CsvUploadNotification -> CsvUploadsQueue (+ DLQ) -> csv_ingest.
    { name: 'CsvUploadsQueue', consumer: 'csv_ingest', settings: { maxReceiveCount: 5, deadLetterQueue: 'CsvUploadsDLQ', visibilityTimeoutMs: 180_000, batchSize: 10 } },
    { name: 'CsvUploadsDLQ' },
    // fluxo:queues (fluxo generate function adds an SQS function's queue and DLQ above this line)
  ],
  topics: [
    { name: 'NewClientNotification', subscriptions: [{ queue: 'NewClientFunctionSQS' }] },
    { name: 'CsvUploadNotification', subscriptions: [{ queue: 'CsvUploadsQueue' }] },
  ],
  buckets: [{ name: UPLOADS_BUCKET, notify: { topic: 'CsvUploadNotification', prefix: 'incoming/' } }, { name: 'fluxo-work' }, { name: 'fluxo-media' }],
  // The assistant's conversations: one item per WhatsApp sender (serverless.yml: ConversationsTable).
  tables: { 'fluxo-conversations': 'sender' },
  resources: { NewClientFunctionDLQ: 'NewClientFunctionDLQ' },
  env: {
    CSV_WORK_BUCKET: 'fluxo-work',
  },
};
