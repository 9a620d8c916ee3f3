import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  type ColumnMetadata,
  type Field,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import type { RelationalStore, Row } from '../../ports/relational-store.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

export interface DataApiTarget {
  /** The Aurora cluster's ARN. */
  resourceArn: string;
  /** The secret holding the database user's credentials (the cluster's RDS-managed secret). */
  secretArn: string;
  database: string;
}

/**
 * `$1, $2` placeholders (what the pg adapter and every repository write) become the Data
 * API's named parameters `:p1, :p2`. Placeholders inside quotes are left alone.
 */
export function namedPlaceholders(sql: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(sql[j] ?? '')) j += 1;
      out += `:p${sql.slice(i + 1, j)}`;
      i = j - 1;
    } else out += c;
  }
  return out;
}

/** A JavaScript value as a Data API parameter, with the type hint PostgreSQL needs to cast it. */
export function parameter(name: string, value: unknown): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') return Number.isInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
  if (typeof value === 'bigint') return { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
  if (value instanceof Date) return { name, value: { stringValue: value.toISOString().replace('T', ' ').replace('Z', '') }, typeHint: 'TIMESTAMP' };
  if (typeof value === 'object') return { name, value: { stringValue: JSON.stringify(value) }, typeHint: 'JSON' };
  return { name, value: { stringValue: String(value) } };
}

/** A returned field as `pg` returns it: json parsed, timestamps as Date, int8 and numeric as text. */
export function fieldValue(field: Field, column: ColumnMetadata | undefined): unknown {
  if (field.isNull) return null;
  const type = (column?.typeName ?? '').toLowerCase();
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return type === 'int8' || type === 'bigserial' || type === 'numeric' ? String(field.longValue) : field.longValue;
  if (field.doubleValue !== undefined) return type === 'numeric' ? String(field.doubleValue) : field.doubleValue;
  const text = field.stringValue;
  if (text === undefined) return null;
  if (type === 'json' || type === 'jsonb') return JSON.parse(text) as unknown;
  // The Data API sends timestamps as UTC text without a zone: `2026-12-02 19:10:00.123`.
  if (type === 'timestamptz' || type === 'timestamp') return new Date(`${text.replace(' ', 'T')}${/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? '' : 'Z'}`);
  return text;
}

/**
 * Splits a migration script into statements for the Data API, which runs one statement
 * per call: on `;` outside quotes, dollar-quoted bodies and comments.
 */
export function statements(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = script.slice(start, end).trim();
    if (text && !/^(--[^\n]*\n?\s*)+$/.test(text)) out.push(text);
  };
  while (i < script.length) {
    const c = script[i] as string;
    if (c === '-' && script[i + 1] === '-') i = script.indexOf('\n', i) === -1 ? script.length : script.indexOf('\n', i);
    else if (c === '/' && script[i + 1] === '*') i = script.indexOf('*/', i + 2) === -1 ? script.length : script.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"') i = script.indexOf(c, i + 1) === -1 ? script.length : script.indexOf(c, i + 1) + 1;
    else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) i = script.indexOf(tag, i + tag.length) === -1 ? script.length : script.indexOf(tag, i + tag.length) + tag.length;
      else i += 1;
    } else if (c === ';') {
      push(i);
      i += 1;
      start = i;
    } else i += 1;
  }
  push(script.length);
  return out;
}

/**
 * PostgreSQL on Aurora through the RDS Data API (HTTPS, IAM-authorized): the functions
 * that use the database need no VPC and hold no connections, so Lambda concurrency cannot
 * exhaust the database's (docs/deploy.md, "The database").
 */
export class DataApiStore implements RelationalStore {
  private constructor(
    private readonly client: RDSDataClient,
    private readonly target: DataApiTarget,
    private readonly transactionId: string | undefined,
  ) {}

  static connect(settings: AwsClientSettings, target: DataApiTarget): DataApiStore {
    return new DataApiStore(new RDSDataClient(clientConfig(settings)), target, undefined);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const out = await this.client.send(
      new ExecuteStatementCommand({
        ...this.target,
        sql: namedPlaceholders(sql),
        parameters: params.map((value, index) => parameter(`p${index + 1}`, value)),
        includeResultMetadata: true,
        transactionId: this.transactionId,
      }),
    );
    const columns = out.columnMetadata ?? [];
    return (out.records ?? []).map((record) => Object.fromEntries(record.map((field, index) => [columns[index]?.label ?? columns[index]?.name ?? String(index), fieldValue(field, columns[index])])) as T);
  }

  async exec(sql: string): Promise<void> {
    for (const statement of statements(sql)) await this.query(statement);
  }

  async transaction<T>(work: (tx: RelationalStore) => Promise<T>): Promise<T> {
    if (this.transactionId) return work(this);
    const { transactionId } = await this.client.send(new BeginTransactionCommand(this.target));
    try {
      const result = await work(new DataApiStore(this.client, this.target, transactionId));
      await this.client.send(new CommitTransactionCommand({ resourceArn: this.target.resourceArn, secretArn: this.target.secretArn, transactionId }));
      return result;
    } catch (error) {
      await this.client.send(new RollbackTransactionCommand({ resourceArn: this.target.resourceArn, secretArn: this.target.secretArn, transactionId })).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
