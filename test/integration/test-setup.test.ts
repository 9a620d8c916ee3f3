import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { openServerDb, type ServerDb } from '../support/db.js';
// @ts-expect-error plain JS module shared with the jest global setup
import { findPostgres } from '../support/find-postgres.js';

const find = findPostgres as (options: { given?: string; probe?: string }) => Promise<string | undefined>;

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the test setup finds a database by itself (global setup, fresh clone)', () => {
  let server: ServerDb;
  beforeAll(async () => {
    server = await openServerDb('fluxo_setup');
  }, 60_000);
  afterAll(() => server.close());

  it('uses the PostgreSQL at the probe URL when one answers there', async () => {
    expect(await find({ probe: server.url })).toBe(server.url);
  });

  it('falls back to PGlite (no URL) when nothing answers, or when the probe is turned off', async () => {
    expect(await find({ probe: `postgres://postgres@127.0.0.1:${await closedPort()}/test` })).toBeUndefined();
    expect(await find({ probe: 'none' })).toBeUndefined();
  });

  it('fails with one line naming TEST_DATABASE_URL when the URL given does not answer', async () => {
    await expect(find({ given: `postgres://postgres@127.0.0.1:${await closedPort()}/test` })).rejects.toThrow(/^TEST_DATABASE_URL is set but PostgreSQL does not answer: .*ECONNREFUSED/);
    expect(await find({ given: server.url })).toBe(server.url);
  });

  it('serves a fresh database over the PostgreSQL protocol to another client, PGlite included', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query('create table probe_rows (n int)');
      await client.query('insert into probe_rows values (1), (2)');
      const other = new pg.Client({ connectionString: server.url });
      await other.connect();
      const { rows } = await other.query<{ total: number }>('select sum(n)::int as total from probe_rows');
      await other.end();
      expect(rows).toEqual([{ total: 3 }]);
    } finally {
      await client.end();
    }
  });
});
