import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fluxo, startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn', FLUXO_MAX_UPLOAD_MB: '1' };
const EVIL = 'https://evil.example';

/** One raw HTTP request, with exactly the headers a hostile page (or its browser) would send. */
function raw(url: string, method: string, pathname: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: target.port, method, path: pathname, headers, setHost: !('host' in headers) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer (and close) before a large body is sent.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.end(body);
  });
}

const evilHandler = path.resolve('src/handlers/evil_thing.ts');

describe('fluxo dev as a hostile web page calls it', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  let token = '';
  beforeAll(async () => {
    dev = await startDev(env);
    token = (JSON.parse(readFileSync(path.join(home, 'dev.json'), 'utf8')) as { token: string }).token;
  }, 90_000);
  afterAll(async () => dev?.stop());

  it('keeps its token in dev.json readable by this user only', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect((statSync(path.join(home, 'dev.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('refuses a cross-site text/plain POST to /api/cli and writes nothing', async () => {
    const body = JSON.stringify({ argv: ['generate', 'function', 'evil_thing', '--kind', 'task'] });
    const crossSite = await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'text/plain', origin: EVIL, 'sec-fetch-site': 'cross-site' }, body);
    expect(crossSite.status).toBe(403);
    // Without the browser's headers (curl), text/plain is still not JSON, and the token is still needed.
    expect((await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'text/plain' }, body)).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'application/json' }, body)).status).toBe(403);
    expect(existsSync(evilHandler)).toBe(false);
    expect(readFileSync('serverless.yml', 'utf8')).not.toContain('evil_thing');
  });

  it('runs only stack commands through /api/cli, with the token, and validates argv', async () => {
    const call = (argv: unknown) => raw(dev.url, 'POST', '/api/cli', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ argv }));
    for (const argv of [['generate', 'function', 'evil_thing', '--kind', 'task'], ['dev'], ['consume', 'client_ingest', '--queue-url', 'x'], ['migrate', '--stage', 'prod'], ['migrate', '--database-url', 'postgres://x@y/z']]) {
      expect(`${argv.join(' ')}: ${(await call(argv)).status}`).toBe(`${argv.join(' ')}: 403`);
    }
    for (const argv of ['clients list', [1, 2], [], null, Array.from({ length: 65 }, () => 'x')]) expect((await call(argv)).status).toBe(400);
    expect(existsSync(evilHandler)).toBe(false);
    const listed = await call(['clients', 'list', '--json']);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ code: 0 });
  });

  it('answers only to its own Host names (DNS rebinding gets 421 and no data)', async () => {
    const port = new URL(dev.url).port;
    for (const host of [`evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, 'localhost']) {
      const answer = await raw(dev.url, 'GET', '/api/clients', { host });
      expect(`${host}: ${answer.status}`).toBe(`${host}: 421`);
      expect(answer.body).not.toContain('@');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) expect((await raw(dev.url, 'GET', '/api/clients', { host })).status).toBe(200);
  });

  it('refuses state changes from a foreign Origin: no client is published, no execution redriven', async () => {
    const client = JSON.stringify({ name_costumer: 'Eve Hacker', email: 'eve@evil.example', phone: '11987650000' });
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/json', origin: EVIL }, client)).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'text/plain' }, client)).status).toBe(400);
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-site' }, client)).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/api/executions/hello/none/redrive', { origin: EVIL })).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/webhook/whatsapp', { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL }, 'Body=oi')).status).toBe(403);
    const clients = JSON.parse((await fluxo(['clients', 'list', '--json'], env)).stdout) as { email: string }[];
    expect(clients.map((row) => row.email)).not.toContain('eve@evil.example');
    const executions = JSON.parse((await raw(dev.url, 'GET', '/api/executions', {})).body) as unknown[];
    expect(executions).toEqual([]);
    // The console's own origin still works.
    const own = await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/json', origin: dev.url.replace('localhost', '127.0.0.1'), 'sec-fetch-site': 'same-origin' }, JSON.stringify({ name_costumer: 'Ana Lima', email: 'ana.lima@example.com', phone: '11987650001' }));
    expect(own.status).toBe(202);
  });

  it('reads no file outside its machines: traversal in a query or path is 404', async () => {
    for (const pathname of ['/api/executions?machine=../../..', '/api/executions?machine=..%2F..%2F..', '/api/executions?machine=../dev', '/api/executions/..%2F..%2Fdev/x']) {
      const answer = await raw(dev.url, 'GET', pathname, {});
      expect(`${pathname}: ${answer.status}`).toMatch(/: 40[04]$/);
      expect(answer.body).not.toContain(token);
      expect(answer.body).not.toContain('authToken');
    }
  });

  it('streams uploads to disk, refuses one past the cap as it arrives, and leaves no file behind', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a,b\n1,2\n');
    const refused = await raw(dev.url, 'POST', '/api/uploads?name=big.csv', { 'content-type': 'text/csv' }, big);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'PayloadTooLargeError', message: 'upload larger than 1048576 bytes' });
    expect((await raw(dev.url, 'POST', '/api/uploads?name=plain.csv', { 'content-type': 'text/plain' }, 'a,b\n1,2\n')).status).toBe(400);
    const incoming = path.join(home, 'objects', 'fluxo-uploads', 'incoming');
    expect(existsSync(path.join(incoming, 'big.csv'))).toBe(false);
    expect(existsSync(path.join(incoming, 'plain.csv'))).toBe(false);
    expect(readdirSync(path.join(home, 'objects', '.uploads')).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    const accepted = await raw(dev.url, 'POST', '/api/uploads?name=small.csv', { 'content-type': 'text/csv' }, 'a,b\n1,2\n');
    expect(accepted.status).toBe(202);
    expect(readFileSync(path.join(incoming, 'small.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });
});

describe('a stale or corrupt dev.json', () => {
  it('is treated as no dev server: removed with a one-line notice, and the command runs', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
    for (const content of ['{"pid": 4', JSON.stringify({ pid: 999999, port: 1, token: 'x' }), JSON.stringify({ pid: process.pid, port: 1, token: 'x' })]) {
      writeFileSync(path.join(other, 'dev.json'), content);
      const result = await fluxo(['clients', 'list', '--json'], { FLUXO_HOME: other, LOG_LEVEL: 'warn' });
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe('[]');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^fluxo: removed an? (stale|unreadable) .*dev\.json/);
      expect(existsSync(path.join(other, 'dev.json'))).toBe(false);
    }
  }, 120_000);
});
