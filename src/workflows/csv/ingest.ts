import { createHash } from 'node:crypto';
import { notSummarizedReason } from '../../domain/csv/file-names.js';
import { ValidationError } from '../../shared/errors.js';
import type { WorkflowStarter } from '../../ports/workflow-starter.js';

export const CSV_MACHINE = 'csv-summary';

export interface CsvObjectEvent {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  sequencer: string;
}

interface S3Record {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; eTag?: string; size?: number; sequencer?: string; versionId?: string } };
}

/**
 * The objects an S3 notification announces. `s3:TestEvent` (sent when the
 * notification is configured) announces none. Keys arrive URL-encoded with `+`
 * for spaces. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function objectsFromNotification(message: unknown): CsvObjectEvent[] {
  if (!message || typeof message !== 'object') throw new ValidationError('not an S3 event notification');
  if ((message as { Event?: unknown }).Event === 's3:TestEvent') return [];
  const records = (message as { Records?: unknown }).Records;
  if (!Array.isArray(records)) throw new ValidationError('not an S3 event notification (no Records)');
  return (records as S3Record[])
    .filter((record) => (record.eventName ?? '').startsWith('ObjectCreated'))
    .map((record) => {
      const bucket = record.s3?.bucket?.name;
      const rawKey = record.s3?.object?.key;
      if (!bucket || !rawKey) throw new ValidationError('S3 record without bucket or key');
      return {
        bucket,
        key: decodeURIComponent(rawKey.replace(/\+/g, ' ')),
        etag: (record.s3?.object?.eTag ?? '').replace(/"/g, ''),
        size: record.s3?.object?.size ?? 0,
        sequencer: record.s3?.object?.sequencer ?? '',
      };
    });
}

/** One execution per object version: a duplicate notification finds the name taken. */
export function executionNameFor(object: CsvObjectEvent): string {
  const identity = `${object.bucket}/${object.key}/${object.etag || object.sequencer}`;
  return `csv-${createHash('sha256').update(identity).digest('hex').slice(0, 48)}`;
}

/**
 * The announced objects split by the naming rule (domain/csv/file-names.ts): the bucket notifies every
 * object under `incoming/` (S3's suffix filter is case-sensitive), so `EXTRATO.CSV` arrives and `notes.pdf` too.
 */
export function bySummarizedName(objects: CsvObjectEvent[]): { summarized: CsvObjectEvent[]; ignored: { key: string; reason: string }[] } {
  const summarized: CsvObjectEvent[] = [];
  const ignored: { key: string; reason: string }[] = [];
  for (const object of objects) {
    const reason = notSummarizedReason(object.key);
    if (reason) ignored.push({ key: object.key, reason });
    else summarized.push(object);
  }
  return { summarized, ignored };
}

export async function startSummaries(workflows: WorkflowStarter, objects: CsvObjectEvent[]): Promise<{ executionName: string; alreadyExisted: boolean }[]> {
  const started = [];
  for (const object of objects) {
    const executionName = executionNameFor(object);
    const result = await workflows.start(CSV_MACHINE, executionName, { bucket: object.bucket, key: object.key, etag: object.etag, size: object.size });
    started.push({ executionName, alreadyExisted: result.alreadyExisted });
  }
  return started;
}
