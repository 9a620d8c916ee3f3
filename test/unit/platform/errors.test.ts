import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { TransientError, ValidationError, classify } from '../../../src/shared/errors.js';

/** A TCP server that does `onConnection` to every client: what a PostgreSQL going away looks like to pg. */
async function listen(onConnection: (socket: Socket) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/fluxo`, server };
}

/** The error pg itself throws connecting to `url` (the real driver, no mock). */
async function pgErrorFrom(url: string, options: pg.ClientConfig = {}): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, ...options });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error('expected pg to fail');
}

describe('classify: database faults are transient, bad input is not', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it('a server that drops the connection (pg: "Connection terminated unexpectedly", no code)', async () => {
    const { url, server } = await listen((socket) => socket.destroy());
    servers.push(server);
    const raw = await pgErrorFrom(url);
    expect((raw as { code?: string }).code).toBeUndefined();
    expect(String((raw as Error).message)).toMatch(/Connection terminated/);
    expect(classify(raw)).toBeInstanceOf(TransientError);
  });

  it('a server that never answers (pg: connection timeout)', async () => {
    const held: Socket[] = [];
    const { url, server } = await listen((socket) => void held.push(socket));
    servers.push(server);
    const raw = await pgErrorFrom(url, { connectionTimeoutMillis: 200 });
    held.forEach((socket) => socket.destroy());
    expect(classify(raw)).toBeInstanceOf(TransientError);
  });

  it('nothing listening (ECONNREFUSED)', async () => {
    const { url, server } = await listen(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    expect(classify(await pgErrorFrom(url))).toBeInstanceOf(TransientError);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
  ])('PostgreSQL %s (%s)', (code, message) => {
    const raw = Object.assign(new Error(message), { code, severity: 'FATAL' });
    expect(classify(raw)).toBeInstanceOf(TransientError);
  });

  it('keeps constraint violations, syntax errors and look-alike messages permanent', () => {
    expect(classify(Object.assign(new Error('duplicate key value violates unique constraint "clients_email_key"'), { code: '23505' }))).not.toBeInstanceOf(TransientError);
    expect(classify(Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }))).not.toBeInstanceOf(TransientError);
    // A message that merely contains the words (a CSV cell, say) is not a lost connection.
    expect(classify(new Error('row 3: "Connection terminated unexpectedly" is not a number'))).not.toBeInstanceOf(TransientError);
    expect(classify(new ValidationError('Connection terminated unexpectedly'))).toBeInstanceOf(ValidationError);
  });
});
