import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraph {
  url: string;
  /** The cells as Excel keeps them: a quote-prefixed string is text without its apostrophe. */
  rows: unknown[][];
  /** Cells Excel would have taken as formulas (a string value starting with =, +, - or @), as "row,column: text". */
  formulas: string[];
  requests: { method: string; path: string; session?: string }[];
  refreshToken: string;
  /** The next `count` workbook requests answer `status` with Retry-After: `seconds`. */
  throttleNext(status: number, seconds: number, count: number): void;
  close(): Promise<void>;
}

/**
 * Microsoft's identity platform and the Graph workbook API, as much as the ledger
 * uses, checking request shapes: refresh-token grants (rotating the token),
 * Bearer tokens, workbook sessions, row values of six cells, paging, rows updated and deleted by position (itemAt).
 */
export async function startFakeGraph(options: { clientId: string; clientSecret: string; refreshToken: string; workbookPath: string; table: string; pageSize?: number }): Promise<FakeGraph> {
  const state = { refreshToken: options.refreshToken, tokens: new Set<string>(), sessions: new Set<string>(), counter: 0 };
  const rows: unknown[][] = [];
  const formulas: string[] = [];
  /** What Excel does with a row's `values`: `'x` is the text x; `=...`, `+...`, `-...`, `@...` strings are formulas (numbers stay numbers). */
  const store = (values: unknown[], index: number): unknown[] =>
    values.map((value, column) => {
      if (typeof value !== 'string') return value;
      if (value.startsWith("'")) return value.slice(1);
      if (/^[=+\-@]/.test(value)) formulas.push(`${index},${column}: ${value}`);
      return value;
    });
  const requests: FakeGraph['requests'] = [];
  const throttles: { status: number; seconds: number }[] = [];
  const workbook = `/v1.0/me/drive/root:/${options.workbookPath}:/workbook`;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = decodeURIComponent(url.pathname);
      const text = Buffer.concat(chunks).toString('utf8');
      if (request.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
        const form = new URLSearchParams(text);
        if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) return reply(401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== state.refreshToken) return reply(400, { error: 'invalid_grant', error_description: 'AADSTS70000: refresh token is invalid' });
        if (!/offline_access/.test(form.get('scope') ?? '')) return reply(400, { error: 'invalid_scope' });
        state.counter += 1;
        const access = `at-${state.counter}`;
        state.tokens.add(access);
        state.refreshToken = `rt-${state.counter}`;
        return reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: access, refresh_token: state.refreshToken });
      }
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!bearer || !state.tokens.has(bearer)) return reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
      if (!path.startsWith(workbook)) return reply(404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
      const session = request.headers['workbook-session-id'] as string | undefined;
      requests.push({ method: request.method ?? '', path: path.slice(workbook.length), session });
      const throttle = throttles.shift();
      if (throttle) return reply(throttle.status, { error: { code: throttle.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'Please retry.' } }, { 'retry-after': String(throttle.seconds) });
      const rest = path.slice(workbook.length);
      if (request.method === 'POST' && rest === '/createSession') {
        if (JSON.parse(text || '{}').persistChanges !== true) return reply(400, { error: { code: 'InvalidArgument', message: 'persistChanges is required' } });
        const id = `session-${state.sessions.size + 1}`;
        state.sessions.add(id);
        return reply(201, { id, persistChanges: true });
      }
      const item = new RegExp(`^/tables/${options.table}/rows/itemAt\\(index=(\\d+)\\)$`).exec(rest);
      if (item) {
        if (!session || !state.sessions.has(session)) return reply(400, { error: { code: 'InvalidSessionId', message: 'workbook-session-id is missing or unknown' } });
        const index = Number(item[1]);
        if (index >= rows.length) return reply(404, { error: { code: 'ItemNotFound', message: `no row at index ${index}` } });
        if (request.method === 'DELETE') {
          rows.splice(index, 1);
          response.writeHead(204);
          return response.end();
        }
        if (request.method === 'PATCH') {
          const values = (JSON.parse(text || '{}') as { values?: unknown[][] }).values?.[0];
          if (!Array.isArray(values) || values.length !== 6) return reply(400, { error: { code: 'InvalidArgument', message: 'values must be one row of 6 cells' } });
          rows[index] = store(values, index);
          return reply(200, { index, values: [rows[index]] });
        }
        return reply(405, { error: { code: 'MethodNotAllowed', message: request.method } });
      }
      if (rest !== `/tables/${options.table}/rows`) return reply(404, { error: { code: 'ItemNotFound', message: `no table at ${rest}` } });
      if (!session || !state.sessions.has(session)) return reply(400, { error: { code: 'InvalidSessionId', message: 'workbook-session-id is missing or unknown' } });
      if (request.method === 'POST') {
        const body = JSON.parse(text || '{}') as { values?: unknown[][] };
        const values = body.values?.[0];
        const valid = body.values?.length === 1 && Array.isArray(values) && values.length === 6 && typeof values[0] === 'string' && typeof values[3] === 'number';
        if (!valid) return reply(400, { error: { code: 'InvalidArgument', message: 'values must be one row of 6 cells' } });
        rows.push(store(values, rows.length));
        return reply(201, { index: rows.length - 1, values: [rows.at(-1)] });
      }
      if (request.method === 'GET') {
        const pageSize = options.pageSize ?? 100;
        const skip = Number(url.searchParams.get('$skip') ?? '0');
        const page = rows.slice(skip, skip + pageSize).map((values, index) => ({ index: skip + index, values: [values] }));
        const next = skip + pageSize < rows.length ? `http://127.0.0.1:${(server.address() as AddressInfo).port}${encodeURI(path)}?$skip=${skip + pageSize}` : undefined;
        return reply(200, { value: page, ...(next ? { '@odata.nextLink': next } : {}) });
      }
      reply(405, { error: { code: 'MethodNotAllowed', message: request.method } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rows,
    formulas,
    requests,
    get refreshToken() {
      return state.refreshToken;
    },
    throttleNext: (status, seconds, count) => throttles.push(...Array.from({ length: count }, () => ({ status, seconds }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
