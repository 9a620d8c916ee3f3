import path from 'node:path';
import { detectDrift } from '../../domain/csv/drift.js';
import type { Summary } from '../../domain/csv/summary.js';
import type { SummaryRepository } from '../../ports/summary-repository.js';
import type { InspectedFile } from './schemas.js';

/** The folder of a key: drift compares a file with the previous one of the same prefix. */
export const prefixOf = (key: string): string => (key.includes('/') ? path.posix.dirname(key) : '');

/** StoreSummary: the summary, its columns and the drift against the prefix's previous summary. */
export async function storeSummary(repository: SummaryRepository, file: InspectedFile, summary: Summary, executionName?: string) {
  const prefix = prefixOf(file.key);
  const previous = await repository.previous(file, prefix);
  const drift = detectDrift(summary, previous?.summary ?? undefined, previous?.id ?? null);
  const stored = await repository.store({ bucket: file.bucket, key: file.key, etag: file.etag, prefix, size: file.size, executionName }, summary, drift);
  return { fileId: stored.fileId, rows: summary.rows, columns: summary.columns.length, drift: drift.flags.length };
}
