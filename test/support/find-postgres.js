// Which PostgreSQL the tests use, decided once per `jest` run by the global setup.
import pg from 'pg';

/** Where a developer's or CI machine's PostgreSQL usually answers (trust auth, database `test`). */
export const DEFAULT_PROBE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Resolves to the error text when `url` does not answer `select 1` within `timeoutMs`, else undefined. */
export async function postgresError(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The URL the tests should use as TEST_DATABASE_URL: the one given (it must answer), else the
 * probe URL when a server answers there, else undefined (tests use PGlite, and a PGlite served
 * over the PostgreSQL protocol where a URL is needed). `probe` is FLUXO_TEST_POSTGRES_PROBE:
 * another URL to try, or `none` to skip the probe.
 */
export async function findPostgres({ given, probe } = {}) {
  if (given) {
    const error = await postgresError(given, 5000);
    if (error) throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${error}. Unset it to use the local server or PGlite.`);
    return given;
  }
  if (probe === 'none') return undefined;
  const url = probe || DEFAULT_PROBE_URL;
  return (await postgresError(url)) ? undefined : url;
}
