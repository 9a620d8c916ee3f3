import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fluxo, startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn', FLUXO_MAX_UPLOAD_MB: '1' };
const EVIL = 'https://evil.example';

/** One raw HTTP request, with exactly the headers a hostile page (or its browser) would send. */
function raw(url: string, method: string, pathname: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: target.port, method, path: pathname, headers, setHost: !('host' in headers) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
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

  it('says at start that code edits need a restart (it loads src/ and statemachines/ once)', async () => {
    for (let tries = 0; tries < 50 && !dev.output().includes('code is loaded once'); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dev.output()).toContain('fluxo dev: code is loaded once; after editing src/, statemachines/ or migrations/, stop it (Ctrl+C) and start it again');
  });

  it('keeps its token in dev.json readable by this user only', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect((statSync(path.join(home, 'dev.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('refuses a cross-site text/plain POST to /api/cli and writes nothing', async () => {
    const body = JSON.stringify({ argv: ['generate', 'function', 'evil_thing', '--kind', 'task'] });
    const crossSite = await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'text/plain', origin: EVIL, 'sec-fetch-site': 'cross-site' }, body);
    expect(crossSite.status).toBe(403);
    // Without the browser's headers (curl), the credential is still needed.
    expect((await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'text/plain' }, body)).status).toBe(401);
    expect((await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'application/json' }, body)).status).toBe(401);
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
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) expect((await raw(dev.url, 'GET', '/api/clients', { host, ...dev.auth })).status).toBe(200);
  });

  it('refuses state changes from a foreign Origin: no client is published, no execution redriven', async () => {
    const client = JSON.stringify({ name_costumer: 'Eve Hacker', email: 'eve@evil.example', phone: '11987650000' });
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/json', origin: EVIL }, client)).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'text/plain', ...dev.auth }, client)).status).toBe(400);
    expect((await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-site' }, client)).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/api/executions/hello/none/redrive', { origin: EVIL })).status).toBe(403);
    expect((await raw(dev.url, 'POST', '/webhook/whatsapp', { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL }, 'Body=oi')).status).toBe(403);
    const clients = JSON.parse((await fluxo(['clients', 'list', '--json'], env)).stdout) as { email: string }[];
    expect(clients.map((row) => row.email)).not.toContain('eve@evil.example');
    const executions = JSON.parse((await raw(dev.url, 'GET', '/api/executions', dev.auth)).body) as unknown[];
    expect(executions).toEqual([]);
    // The console's own origin still works.
    const own = await raw(dev.url, 'POST', '/api/clients', { 'content-type': 'application/json', origin: dev.url.replace('localhost', '127.0.0.1'), 'sec-fetch-site': 'same-origin', ...dev.auth }, JSON.stringify({ name_costumer: 'Ana Lima', email: 'ana.lima@example.com', phone: '11987650001' }));
    expect(own.status).toBe(202);
  });

  it('reads no file outside its machines: traversal in a query or path is 404', async () => {
    for (const pathname of ['/api/executions?machine=../../..', '/api/executions?machine=..%2F..%2F..', '/api/executions?machine=../dev', '/api/executions/..%2F..%2Fdev/x']) {
      const answer = await raw(dev.url, 'GET', pathname, dev.auth);
      expect(`${pathname}: ${answer.status}`).toMatch(/: 40[04]$/);
      expect(answer.body).not.toContain(token);
      expect(answer.body).not.toContain('authToken');
    }
  });

  it('streams uploads to disk, refuses one past the cap as it arrives, and leaves no file behind', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a,b\n1,2\n');
    const refused = await raw(dev.url, 'POST', '/api/uploads?name=big.csv', { 'content-type': 'text/csv', ...dev.auth }, big);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'PayloadTooLargeError', message: 'upload larger than 1048576 bytes' });
    expect((await raw(dev.url, 'POST', '/api/uploads?name=plain.csv', { 'content-type': 'text/plain', ...dev.auth }, 'a,b\n1,2\n')).status).toBe(400);
    const incoming = path.join(home, 'objects', 'fluxo-uploads', 'incoming');
    expect(existsSync(path.join(incoming, 'big.csv'))).toBe(false);
    expect(existsSync(path.join(incoming, 'plain.csv'))).toBe(false);
    expect(readdirSync(path.join(home, 'objects', '.uploads')).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    const accepted = await raw(dev.url, 'POST', '/api/uploads?name=small.csv', { 'content-type': 'text/csv', ...dev.auth }, 'a,b\n1,2\n');
    expect(accepted.status).toBe(202);
    expect(readFileSync(path.join(incoming, 'small.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });
});

/** Every route under /api, as the dev server declares them (src/local/devserver/). */
const API_ROUTES: [string, string][] = [
  ['GET', '/api/machines'],
  ['GET', '/api/executions'],
  ['GET', '/api/executions/hello/x'],
  ['GET', '/api/executions/hello/x/events'],
  ['POST', '/api/executions/hello/x/redrive'],
  ['GET', '/api/events'],
  ['POST', '/api/uploads?name=a.csv'],
  ['GET', '/api/summaries'],
  ['GET', '/api/summaries/1'],
  ['POST', '/api/clients'],
  ['GET', '/api/clients'],
  ['GET', '/api/clients/rejections'],
  ['POST', '/api/chat'],
  ['GET', '/api/conversation'],
  ['GET', '/api/outbox'],
  ['GET', '/api/outbox/media/chart.png'],
  ['GET', '/api/expenses'],
  ['POST', '/api/cli'],
  ['POST', '/api/login-links'],
  ['GET', '/api/no-such-route'],
];

/** Files and folders under `dir` whose mode lets anyone but the owner in (a file PGlite adds after start is 0666, but inside its 0700 folders). */
function openToOthers(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isDirectory() || !`${entry.parentPath}${path.sep}`.includes(`${path.sep}pgdata${path.sep}`));
  return [dir, ...entries.map((entry) => path.join(entry.parentPath, entry.name))].filter((file) => (statSync(file).mode & 0o077) !== 0).map((file) => `${path.relative(dir, file)} ${(statSync(file).mode & 0o777).toString(8)}`);
}

describe('fluxo dev belongs to its owner', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  const mine = mkdtempSync(path.join(tmpdir(), 'fluxo-owner-'));
  const ownerHome = path.join(mine, 'data');
  const ownerEnv = { FLUXO_HOME: ownerHome, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn', FLUXO_MAX_UPLOAD_MB: '1' };
  beforeAll(async () => {
    dev = await startDev(ownerEnv);
  }, 90_000);
  afterAll(async () => dev?.stop());

  it('answers no /api route and no event stream without the credential, nor with a wrong one', async () => {
    expect(await (await dev.api('/api/clients', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name_costumer: 'Ana Souza', email: 'ana.souza@example.com', phone: '11987650002' }) })).status).toBe(202);
    for (const [method, pathname] of API_ROUTES) {
      for (const headers of [{}, { authorization: 'Bearer 0000' }, { cookie: `fluxo-${new URL(dev.url).port}=0000` }] as Record<string, string>[]) {
        const answer = await raw(dev.url, method, pathname, { 'content-type': 'application/json', ...headers }, method === 'POST' ? '{"text":"apaga o último","argv":["clients","list"]}' : undefined);
        expect(`${method} ${pathname}: ${answer.status}`).toBe(`${method} ${pathname}: 401`);
        expect(answer.body).not.toContain('ana.souza');
        expect(JSON.parse(answer.body)).toMatchObject({ error: 'Unauthorized' });
      }
    }
  });

  it('signs a browser in once through the printed link: an HttpOnly, SameSite=Strict cookie that opens /api', async () => {
    const first = await raw(dev.url, 'GET', new URL(dev.login).pathname + new URL(dev.login).search, {});
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^fluxo-\d+=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookie).not.toContain(new URL(dev.login).searchParams.get('token'));
    const clients = await raw(dev.url, 'GET', '/api/clients', { cookie: cookie.split(';')[0] ?? '' });
    expect(clients.status).toBe(200);
    expect(clients.body).toContain('ana.souza@example.com');
    const again = await raw(dev.url, 'GET', new URL(dev.login).pathname + new URL(dev.login).search, {});
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('sends CSP, X-Frame-Options, nosniff and no-referrer on every answer', async () => {
    for (const pathname of ['/', '/index.html', '/health', '/api/clients', '/api/nothing', '/login?token=x']) {
      const answer = await raw(dev.url, 'GET', pathname, {});
      expect([pathname, answer.headers['x-frame-options'], answer.headers['x-content-type-options'], answer.headers['referrer-policy']]).toEqual([pathname, 'DENY', 'nosniff', 'no-referrer']);
      expect(answer.headers['content-security-policy']).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    }
  });

  it('creates its data folder 0700 and every file in it 0600', async () => {
    expect((await dev.api('/api/uploads?name=modes.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' })).status).toBe(202);
    expect((statSync(ownerHome).mode & 0o777).toString(8)).toBe('700');
    expect(openToOthers(ownerHome)).toEqual([]);
  });

  it('runs once per data folder: a second fluxo dev exits 2 at once, touches nothing, and prints a fresh sign-in link', async () => {
    const before = readFileSync(path.join(ownerHome, 'dev.json'), 'utf8');
    const second = await fluxo(['dev', '--port', '0'], ownerEnv);
    const port = new URL(dev.url).port;
    expect([second.code, second.stderr.trim()]).toEqual([2, `fluxo: already running on port ${port} (pid ${dev.child.pid})`]);
    expect(readFileSync(path.join(ownerHome, 'dev.json'), 'utf8')).toBe(before);
    const link = /sign in to the running console at (\S+)/.exec(second.stdout)?.[1] ?? '';
    const signed = await raw(dev.url, 'GET', new URL(link).pathname + new URL(link).search, {});
    expect(signed.status).toBe(303);
    // The first one still serves, and the CLI still reaches it.
    expect((await dev.api('/api/clients')).status).toBe(200);
    expect((await fluxo(['clients', 'list', '--json'], ownerEnv)).stdout).toContain('ana.souza@example.com');
  }, 60_000);

  it('answers bad input with 400/404/413 and one line, no absolute path, no file left behind', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, Record<string, string>, string | undefined, number][] = [
      ['POST', '/api/uploads?name=a%00b.csv', { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', `/api/uploads?name=${encodeURIComponent('é'.repeat(130))}.csv`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', `/api/uploads?name=${'a'.repeat(300)}.csv`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', '/api/uploads?name=ok.csv&dataset=..', { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', '/api/uploads?name=..%2F..%2Fdev.csv', { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', '/api/uploads?name=big.csv', { 'content-type': 'text/csv' }, 'x'.repeat(2 * 1024 * 1024), 413],
      ['POST', '/api/chat', json, 'null', 400],
      ['POST', '/api/chat', json, '[1]', 400],
      ['POST', '/api/chat', json, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400],
      ['POST', '/api/clients', json, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 400],
      ['POST', '/api/cli', json, 'null', 400],
      ['GET', '/api/summaries/99999999999999999999', {}, undefined, 404],
      ['GET', '/api/executions/hello/..', {}, undefined, 404],
      ['GET', '/api/executions?machine=..', {}, undefined, 404],
      ['GET', '/api/conversation?from=..', {}, undefined, 400],
      // A control or bidi character in a name is the caller's mistake (400), never "no such page" (404).
      ['GET', '/api/executions/hello/a%00b', {}, undefined, 400],
      ['GET', '/api/executions/hello/%00', {}, undefined, 400],
      ['GET', '/api/executions/hello/x%1b/events', {}, undefined, 400],
      ['GET', '/api/executions/hello/a%E2%80%AEb', {}, undefined, 400],
      ['GET', '/api/executions/hello/a%20b', {}, undefined, 400],
      ['GET', '/api/executions/hello/%E0%A4%A', {}, undefined, 400],
      ['POST', '/api/executions/hello/a%00b/redrive', json, '{}', 400],
      ['GET', '/%00', {}, undefined, 400],
      // Upload names: a right-to-left override ("report‮vsc.exe" shows as "reportexe.csv"), other bidi or C1 characters, a hidden name.
      ['POST', `/api/uploads?name=${encodeURIComponent('report\u202evsc.csv')}`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', `/api/uploads?name=${encodeURIComponent('a\u2066b.csv')}`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', `/api/uploads?name=${encodeURIComponent('a\u0085b.csv')}`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', '/api/uploads?name=.hidden.csv', { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', '/api/uploads?name=ok.csv&dataset=.git', { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      ['POST', `/api/uploads?name=ok.csv&dataset=${encodeURIComponent('vendas\u202e')}`, { 'content-type': 'text/csv' }, 'a,b\n1,2\n', 400],
      // Query values that are not one of the allowed ones: refused, never ignored.
      ['GET', '/api/executions?status=DONE', {}, undefined, 400],
      ['GET', '/api/executions?status=failed', {}, undefined, 400],
      ['GET', '/api/executions?page=0', {}, undefined, 400],
      ['GET', '/api/executions?page=two', {}, undefined, 400],
      ['GET', '/api/executions?page=1&page=2', {}, undefined, 400],
      ['GET', '/api/executions?statsu=FAILED', {}, undefined, 400],
      ['GET', '/api/executions?since=yesterday', {}, undefined, 400],
      ['GET', '/api/executions/hello/x?events=all', {}, undefined, 400],
    ];
    for (const [method, pathname, headers, body, status] of cases) {
      const answer = await raw(dev.url, method, pathname, { ...headers, ...dev.auth }, body);
      const shown = `${method} ${pathname.slice(0, 60)}`;
      expect(`${shown}: ${answer.status}`).toBe(`${shown}: ${status}`);
      const parsed = JSON.parse(answer.body) as { message: string };
      expect(parsed.message).not.toContain('\n');
      expect(parsed.message).not.toMatch(/\/(tmp|home|work|root)\//);
      expect(answer.body).not.toContain(ownerHome);
    }
    const uploads = path.join(ownerHome, 'objects', '.uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    expect(readdirSync(path.join(ownerHome, 'objects', 'fluxo-uploads', 'incoming'))).toEqual(['modes.csv']);
    // The refusals say what was wrong and what is allowed.
    const said = async (pathname: string) => (JSON.parse((await raw(dev.url, 'GET', pathname, dev.auth)).body) as { message: string }).message;
    await expect(said('/api/executions?status=DONE')).resolves.toBe('status "DONE" is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED');
    await expect(said('/api/executions?page=0')).resolves.toBe('page "0" is not a whole number from 1 (pages of 25, newest first)');
    await expect(said('/api/executions?statsu=FAILED')).resolves.toBe('unknown query parameter "statsu": allowed are machine, status, since, page');
    await expect(said('/api/executions/hello/a%00b')).resolves.toBe('the path has a control or bidirectional formatting character');
    const hidden = await raw(dev.url, 'POST', '/api/uploads?name=.hidden.csv', { 'content-type': 'text/csv', ...dev.auth }, 'a,b\n1,2\n');
    expect(JSON.parse(hidden.body)).toEqual({ error: 'ValidationError', message: 'name ".hidden.csv" starts with a dot' });
    const rtl = await raw(dev.url, 'POST', `/api/uploads?name=${encodeURIComponent('report\u202evsc.csv')}`, { 'content-type': 'text/csv', ...dev.auth }, 'a,b\n1,2\n');
    expect(JSON.parse(rtl.body)).toEqual({ error: 'ValidationError', message: 'name "report?vsc.csv" has a control or bidirectional formatting character' });
  });

  it('answers status and page queries it knows: a status filters, a page holds 25, newest first', async () => {
    const run = async (name: string, input: string) => {
      const ran = await dev.api('/api/cli', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ argv: ['run', 'hello', '--name', name, '--input', input] }) });
      return ((await ran.json()) as { code: number }).code;
    };
    for (let index = 0; index < 27; index++) expect(await run(`paged-${index}`, '{"name":"Bia"}')).toBe(0);
    expect(await run('paged-bad', '{"name":" "}')).toBe(1);
    const list = async (query: string) => ((await (await dev.api(`/api/executions${query}`)).json()) as { name: string; status: string }[]).map((execution) => `${execution.name} ${execution.status}`);
    await expect(list('?status=FAILED')).resolves.toEqual(['paged-bad FAILED']);
    const all = await list('?machine=hello');
    expect(all).toHaveLength(28);
    await expect(list('?machine=hello&page=1')).resolves.toEqual(all.slice(0, 25));
    await expect(list('?machine=hello&page=2')).resolves.toEqual(all.slice(25));
    await expect(list('?machine=hello&status=SUCCEEDED&page=2')).resolves.toEqual(['paged-1 SUCCEEDED', 'paged-0 SUCCEEDED']);
    await expect(list('?page=9')).resolves.toEqual([]);
  }, 120_000);

  it('answers HEAD as GET without a body: the console, a file, an API route, the event stream', async () => {
    for (const [pathname, type] of [['/', 'text/html'], ['/index.html', 'text/html'], ['/api/clients', 'application/json'], ['/api/events', 'text/event-stream'], ['/health', 'application/json']]) {
      const get = pathname === '/api/events' ? undefined : await raw(dev.url, 'GET', pathname, dev.auth);
      const head = await raw(dev.url, 'HEAD', pathname, dev.auth);
      expect(`${pathname}: ${head.status} ${String(head.headers['content-type']).split(';')[0]} ${head.body.length}`).toBe(`${pathname}: ${get?.status ?? 200} ${type} 0`);
      expect(head.headers['x-frame-options']).toBe('DENY');
    }
    expect((await raw(dev.url, 'HEAD', '/api/clients', {})).status).toBe(401);
    // A link preview's HEAD does not spend a sign-in link.
    const minted = (await (await dev.api('/api/login-links', { method: 'POST' })).json()) as { path: string };
    expect((await raw(dev.url, 'HEAD', minted.path, {})).status).toBe(200);
    expect((await raw(dev.url, 'GET', minted.path, {})).status).toBe(303);
  });

  it('validates names once where they become paths: executions show .. dev, migrate --database-url=URL', async () => {
    const token = (JSON.parse(readFileSync(path.join(ownerHome, 'dev.json'), 'utf8')) as { token: string }).token;
    for (const argv of [['executions', 'show', '..', 'dev'], ['executions', 'show', 'hello', '../../dev'], ['executions', 'list', '--machine', '..'], ['summaries', 'show', '99999999999999999999'], ['upload', 'fixtures/csv/sales.csv', '--prefix', '../..'], ['upload', 'fixtures/csv/sales.csv', '--as', '.hidden.csv'], ['upload', 'fixtures/csv/sales.csv', '--as', 'sales\u202e.csv']]) {
      const result = await fluxo(argv, ownerEnv);
      expect(`${argv.join(' ')}: ${result.code}`).toBe(`${argv.join(' ')}: 2`);
      expect(result.stdout + result.stderr).not.toContain(token);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    // A dataset folder that is one: the file lands in it, and drift compares it only with its own.
    const uploaded = await fluxo(['upload', 'fixtures/csv/sales.csv', '--prefix', 'vendas/2026'], ownerEnv);
    expect([uploaded.code, uploaded.stderr]).toEqual([0, '']);
    expect(JSON.parse(uploaded.stdout)).toMatchObject({ key: 'incoming/vendas/2026/sales.csv', status: 'summarized', driftFlags: 0 });
    // The = form names another database too: refused inside the dev server, and the CLI runs it itself.
    const inside = await raw(dev.url, 'POST', '/api/cli', { 'content-type': 'application/json', ...dev.auth }, JSON.stringify({ argv: ['migrate', '--database-url=postgres://nobody@127.0.0.1:1/none'] }));
    expect(inside.status).toBe(403);
    const outside = await fluxo(['migrate', '--database-url=postgres://nobody@127.0.0.1:1/none'], ownerEnv);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).not.toContain('dev server');
  }, 60_000);
});

describe('a dev.lock left by a killed fluxo dev', () => {
  it('is taken over by the next fluxo dev', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
    writeFileSync(path.join(other, 'dev.lock'), '999999\n');
    writeFileSync(path.join(other, 'dev.json'), JSON.stringify({ pid: 999999, port: 1, token: 'x' }));
    const next = await startDev({ FLUXO_HOME: other, LOG_LEVEL: 'warn' });
    try {
      expect(readFileSync(path.join(other, 'dev.lock'), 'utf8').trim()).toBe(String(next.child.pid));
      expect((await next.api('/api/executions')).status).toBe(200);
    } finally {
      await next.stop();
    }
    expect(existsSync(path.join(other, 'dev.lock'))).toBe(false);
    expect(existsSync(path.join(other, 'dev.json'))).toBe(false);
  }, 90_000);
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
