import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * A local stand-in for the RDS Data API (no AWS service answers it on this machine):
 * the four operations fluxo's adapter calls, over HTTP as @aws-sdk/client-rds-data sends
 * them, executed on a real PostgreSQL. It types parameters and results the way the Data
 * API documents them, so that what fails there fails here:
 * - a parameter is typed by its field and type hint: a `stringValue` without a hint is
 *   VARCHAR (so a jsonb or timestamptz column needs a cast or a hint), `longValue` BIGINT,
 *   `doubleValue` DOUBLE PRECISION, `booleanValue` BOOLEAN, `isNull` an untyped NULL;
 * - one statement per call (a script with several fails);
 * - results: integers as `longValue`, floats as `doubleValue`, booleans as `booleanValue`,
 *   everything else (numeric, json, timestamps as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC) as
 *   `stringValue`, NULL as `isNull`; `columnMetadata` carries PostgreSQL's type names.
 */
export interface DataApiServer {
  endpoint: string;
  /** Statements executed, in order (for tests that count round trips). */
  calls: string[];
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = { 16: 'bool', 20: 'int8', 21: 'int2', 23: 'int4', 25: 'text', 114: 'json', 700: 'float4', 701: 'float8', 1043: 'varchar', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric', 2278: 'void', 2950: 'uuid', 3802: 'jsonb' };
const HINTS: Record<string, string> = { JSON: 'json', TIMESTAMP: 'timestamp', DATE: 'date', TIME: 'time', DECIMAL: 'numeric', UUID: 'uuid' };

interface Parameter {
  name: string;
  value: { isNull?: boolean; stringValue?: string; longValue?: number; doubleValue?: number; booleanValue?: boolean };
  typeHint?: string;
}

class BadRequest extends Error {}

function typedSql(sql: string, parameters: Parameter[]): { text: string; values: unknown[] } {
  if (/;\s*\S/.test(sql.replace(/'[^']*'/g, "''"))) throw new BadRequest('Multistatements aren\'t supported.');
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_whole, name: string) => {
    const parameter = parameters.find((p) => p.name === name);
    if (!parameter) throw new BadRequest(`No value specified for parameter ${name}`);
    let position = index.get(name);
    if (position === undefined) {
      const { value, typeHint } = parameter;
      const cast = value.isNull ? '' : typeHint ? `::${HINTS[typeHint] ?? 'varchar'}` : value.stringValue !== undefined ? '::varchar' : value.longValue !== undefined ? '::bigint' : value.doubleValue !== undefined ? '::float8' : value.booleanValue !== undefined ? '::boolean' : '';
      values.push(value.isNull ? null : (value.stringValue ?? value.longValue ?? value.doubleValue ?? value.booleanValue ?? null));
      position = values.length;
      index.set(name, position);
      return `$${position}${cast}`;
    }
    return `$${position}`;
  });
  return { text, values };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const timestamp = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`;

function field(value: unknown, type: string): Record<string, unknown> {
  if (value === null || value === undefined) return { isNull: true };
  if (type === 'bool') return { booleanValue: value };
  if (type === 'int2' || type === 'int4' || type === 'int8') return { longValue: Number(value) };
  if (type === 'float4' || type === 'float8') return { doubleValue: value };
  if (value instanceof Date) return { stringValue: timestamp(value) };
  if (type === 'json' || type === 'jsonb') return { stringValue: JSON.stringify(value) };
  if (type === 'void') return { isNull: true };
  return { stringValue: String(value) };
}

export async function startDataApiServer(databaseUrl: string, options: { searchPath?: string } = {}): Promise<DataApiServer> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}) });
    // Timestamps without a zone are read and written as UTC, as on Aurora.
    await client.connect();
    await client.query("set time zone 'UTC'");
    return client;
  };
  const shared = await connect();
  const transactions = new Map<string, pg.Client>();
  const calls: string[] = [];
  const finish = async (body: Record<string, unknown>, how: 'commit' | 'rollback'): Promise<string> => {
    const client = transactions.get(String(body.transactionId));
    if (!client) throw new BadRequest('Transaction not found');
    transactions.delete(String(body.transactionId));
    await client.query(how).finally(() => client.end());
    return how === 'commit' ? 'Transaction Committed' : 'Rollback Complete';
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    '/BeginTransaction': async () => {
      const client = await connect();
      await client.query('begin');
      const transactionId = randomUUID();
      transactions.set(transactionId, client);
      return { transactionId };
    },
    '/CommitTransaction': async (body) => ({ transactionStatus: await finish(body, 'commit') }),
    '/RollbackTransaction': async (body) => ({ transactionStatus: await finish(body, 'rollback') }),
    '/Execute': async (body) => {
      const { text, values } = typedSql(String(body.sql ?? ''), (body.parameters as Parameter[] | undefined) ?? []);
      calls.push(text);
      const client = body.transactionId ? transactions.get(String(body.transactionId)) : shared;
      if (!client) throw new BadRequest('Transaction not found');
      let result: pg.QueryResult;
      try {
        result = await client.query({ text, values });
      } catch (error) {
        // A failed statement inside a transaction aborts it, as on Aurora.
        throw new BadRequest(`ERROR: ${(error as Error).message}`);
      }
      const types = result.fields.map((f) => TYPE_NAMES[f.dataTypeID] ?? 'unknown');
      return {
        numberOfRecordsUpdated: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0),
        ...(body.includeResultMetadata ? { columnMetadata: result.fields.map((f, i) => ({ name: f.name, label: f.name, typeName: types[i] })) } : {}),
        records: result.rows.map((row: Record<string, unknown>) => result.fields.map((f, i) => field(row[f.name], types[i] ?? 'unknown'))),
      };
    },
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const operation = operations[(request.url ?? '').split('?')[0] ?? ''];
        try {
          if (!operation) throw new BadRequest(`unknown operation ${request.url}`);
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
          if (!body.resourceArn || !body.secretArn) throw new BadRequest('resourceArn and secretArn are required');
          const answer = await operation(body);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        } catch (error) {
          const bad = error instanceof BadRequest;
          response.writeHead(bad ? 400 : 500, { 'content-type': 'application/json', 'x-amzn-errortype': bad ? 'BadRequestException' : 'InternalServerErrorException' });
          response.end(JSON.stringify({ message: (error as Error).message }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    async close() {
      for (const client of transactions.values()) await client.end().catch(() => undefined);
      await shared.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
