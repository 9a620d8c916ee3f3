import type { DriftReport } from '../domain/csv/drift.js';
import type { Summary } from '../domain/csv/summary-schema.js';

export interface ObjectIdentity {
  bucket: string;
  key: string;
  etag: string;
}

export interface StoredFile extends ObjectIdentity {
  id: number;
  prefix: string;
  size: number | null;
  status: 'summarized' | 'failed';
  rows: number | null;
  summary: Summary | null;
  drift: DriftReport | null;
  error: string | null;
  reason: string | null;
  executionName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Where summaries and failures live: PostgreSQL. */
export interface SummaryRepository {
  /** The latest summarized file of the prefix, other than this object. */
  previous(identity: ObjectIdentity, prefix: string): Promise<StoredFile | undefined>;
  /** Stores summary, columns and drift once per object version; returns the existing id when already stored. */
  store(identity: ObjectIdentity & { prefix: string; size: number; executionName?: string }, summary: Summary, drift: DriftReport): Promise<{ fileId: number; created: boolean }>;
  recordFailure(identity: ObjectIdentity & { prefix: string; executionName?: string }, error: string, reason: string): Promise<{ fileId: number }>;
  list(): Promise<StoredFile[]>;
  get(id: number): Promise<StoredFile | undefined>;
}
