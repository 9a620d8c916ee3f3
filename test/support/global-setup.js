// Starts what the tests need, once per `jest` run: moto_server on a free port,
// and a check that TEST_DATABASE_URL (when given) answers. Fails loudly if a piece is missing.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer at ${url} within ${seconds}s`);
}

export default async function globalSetup() {
  const probe = spawnSync('python3', ['-c', 'import moto.server, flask'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      'The tests need moto_server (python3 -m moto.server). Install it with: pip install "moto[server]"  (details: ' +
        (probe.error?.message ?? probe.stderr.trim().split('\n').pop()) +
        ')',
    );
  }
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', detached: false });
  globalThis.__MOTO__ = child;
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(`${endpoint}/moto-api/`, child, 30);
  Object.assign(process.env, {
    MOTO_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('select 1');
    } catch (error) {
      child.kill();
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${error.message}. Unset it to use PGlite.`, { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
