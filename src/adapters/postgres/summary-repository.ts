import type { DriftReport } from '../../domain/csv/drift.js';
import type { Summary } from '../../domain/csv/summary.js';
import type { RelationalStore } from '../../ports/relational-store.js';
import type { ObjectIdentity, StoredFile, SummaryRepository } from '../../ports/summary-repository.js';

type FileRow = {
  id: string | number;
  bucket: string;
  key: string;
  etag: string;
  prefix: string;
  size: string | number | null;
  status: 'summarized' | 'failed';
  rows: string | number | null;
  summary: Summary | null;
  drift: DriftReport | null;
  error: string | null;
  reason: string | null;
  execution_name: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));
const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

function toFile(row: FileRow): StoredFile {
  return {
    id: Number(row.id),
    bucket: row.bucket,
    key: row.key,
    etag: row.etag,
    prefix: row.prefix,
    size: num(row.size),
    status: row.status,
    rows: num(row.rows),
    summary: row.summary,
    drift: row.drift,
    error: row.error,
    reason: row.reason,
    executionName: row.execution_name,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export class PgSummaryRepository implements SummaryRepository {
  constructor(private readonly db: RelationalStore) {}

  async previous(identity: ObjectIdentity, prefix: string): Promise<StoredFile | undefined> {
    const rows = await this.db.query<FileRow>(
      `select * from csv_files where bucket = $1 and prefix = $2 and status = 'summarized' and not (key = $3 and etag = $4)
       order by created_at desc, id desc limit 1`,
      [identity.bucket, prefix, identity.key, identity.etag],
    );
    return rows[0] ? toFile(rows[0]) : undefined;
  }

  async store(identity: ObjectIdentity & { prefix: string; size: number; executionName?: string }, summary: Summary, drift: DriftReport): Promise<{ fileId: number; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ id: string | number }>(
        `insert into csv_files (bucket, key, etag, prefix, size, status, rows, delimiter, encoding, decimal, summary, drift, execution_name)
         values ($1, $2, $3, $4, $5, 'summarized', $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12)
         on conflict (bucket, key, etag) do update set
           status = 'summarized', rows = excluded.rows, delimiter = excluded.delimiter, encoding = excluded.encoding, decimal = excluded.decimal,
           summary = excluded.summary, drift = excluded.drift, error = null, reason = null, execution_name = excluded.execution_name, updated_at = now()
         where csv_files.status = 'failed'
         returning id`,
        [identity.bucket, identity.key, identity.etag, identity.prefix, identity.size, summary.rows, summary.delimiter, summary.encoding, summary.decimal, JSON.stringify(summary), JSON.stringify(drift), identity.executionName ?? null],
      );
      const row = inserted[0];
      if (!row) {
        const existing = await tx.query<{ id: string | number }>('select id from csv_files where bucket = $1 and key = $2 and etag = $3', [identity.bucket, identity.key, identity.etag]);
        return { fileId: Number(existing[0]?.id), created: false };
      }
      const fileId = Number(row.id);
      await tx.query('delete from csv_columns where file_id = $1', [fileId]);
      // One statement for every column: over the Data API each statement is a round trip.
      await tx.query(
        `insert into csv_columns (file_id, position, name, type, stats)
         select $1, ordinality - 1, c->>'name', c->>'type', c from jsonb_array_elements($2::jsonb) with ordinality as t(c, ordinality)`,
        [fileId, JSON.stringify(summary.columns)],
      );
      return { fileId, created: true };
    });
  }

  async recordFailure(identity: ObjectIdentity & { prefix: string; executionName?: string }, error: string, reason: string): Promise<{ fileId: number }> {
    const rows = await this.db.query<{ id: string | number }>(
      `insert into csv_files (bucket, key, etag, prefix, status, error, reason, execution_name)
       values ($1, $2, $3, $4, 'failed', $5, $6, $7)
       on conflict (bucket, key, etag) do update set error = excluded.error, reason = excluded.reason, execution_name = excluded.execution_name, updated_at = now()
       where csv_files.status = 'failed'
       returning id`,
      [identity.bucket, identity.key, identity.etag, identity.prefix, error, reason, identity.executionName ?? null],
    );
    if (rows[0]) return { fileId: Number(rows[0].id) };
    const existing = await this.db.query<{ id: string | number }>('select id from csv_files where bucket = $1 and key = $2 and etag = $3', [identity.bucket, identity.key, identity.etag]);
    return { fileId: Number(existing[0]?.id) };
  }

  async list(): Promise<StoredFile[]> {
    return (await this.db.query<FileRow>('select * from csv_files order by id desc')).map(toFile);
  }

  async get(id: number): Promise<StoredFile | undefined> {
    // An id past bigint (a 20-digit one) names no file: not a database error.
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const rows = await this.db.query<FileRow>('select * from csv_files where id = $1', [id]);
    return rows[0] ? toFile(rows[0]) : undefined;
  }
}
