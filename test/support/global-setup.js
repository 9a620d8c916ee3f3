// Starts what the tests need, once per `jest` run: moto_server on a free port, and the choice of
// database: TEST_DATABASE_URL when given (it must answer), else PostgreSQL at 127.0.0.1:5432/test
// when it answers (the workers inherit TEST_DATABASE_URL), else PGlite. Fails loudly if a piece is missing.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { DEFAULT_PROBE_URL, findPostgres } from './find-postgres.js';

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

  let url;
  try {
    url = await findPostgres({ given: process.env.TEST_DATABASE_URL, probe: process.env.FLUXO_TEST_POSTGRES_PROBE });
  } catch (error) {
    child.kill();
    throw error;
  }
  if (url) process.env.TEST_DATABASE_URL = url;
  else delete process.env.TEST_DATABASE_URL;
  const probed = process.env.FLUXO_TEST_POSTGRES_PROBE || DEFAULT_PROBE_URL;
  process.stderr.write(url ? `\ntests use PostgreSQL at ${new URL(url).host}\n` : `\ntests use PGlite (${probed === 'none' ? 'FLUXO_TEST_POSTGRES_PROBE=none' : `no PostgreSQL answered at ${new URL(probed).host}`})\n`);
}
