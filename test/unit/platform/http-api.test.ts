import { ForbiddenError, TransientError, ValidationError } from '../../../src/shared/errors.js';
import { httpApi } from '../../../src/platform/kinds/http-api.js';
import { lambdaContext } from '../../../src/platform/lambda-context.js';
import { httpEvent } from '../../support/events.js';
import { testDeps } from '../../support/deps.js';
import type { RelationalStore } from '../../../src/ports/relational-store.js';

const deps = testDeps({} as RelationalStore);
const handler = httpApi(deps, {
  name: 'test_http',
  routes: {
    'POST /echo': async (request) => ({ status: 200, body: { body: request.body, raw: request.rawBody } }),
    'POST /forbidden': async () => {
      throw new ForbiddenError('bad signature');
    },
    'POST /invalid': async () => {
      throw new ValidationError('name is required');
    },
    'POST /busy': async () => {
      throw new TransientError('database unavailable');
    },
    'POST /bug': async () => {
      throw new TypeError('cannot read secret-value of undefined');
    },
    'GET /xml': async () => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' }),
  },
});
const invoke = (event: ReturnType<typeof httpEvent>) => handler(event, lambdaContext('test_http'));

describe('httpApi kind', () => {
  it('answers GET /health', async () => {
    const response = await invoke(httpEvent({ path: '/health' }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ status: 'ok', function: 'test_http' });
  });

  it('decodes JSON, form and base64 form bodies', async () => {
    const json = await invoke(httpEvent({ method: 'POST', path: '/echo', json: { a: 1 } }));
    expect(JSON.parse(json.body ?? '').body).toEqual({ a: 1 });
    const form = await invoke(httpEvent({ method: 'POST', path: '/echo', form: { Body: 'gastei 10', From: 'whatsapp:+5511' }, base64: true }));
    expect(JSON.parse(form.body ?? '').body).toEqual({ Body: 'gastei 10', From: 'whatsapp:+5511' });
  });

  it('maps errors to statuses without leaking internals', async () => {
    expect((await invoke(httpEvent({ method: 'POST', path: '/forbidden' }))).statusCode).toBe(403);
    expect((await invoke(httpEvent({ method: 'POST', path: '/invalid' }))).statusCode).toBe(400);
    expect((await invoke(httpEvent({ method: 'POST', path: '/busy' }))).statusCode).toBe(503);
    expect((await invoke(httpEvent({ method: 'POST', path: '/nope' }))).statusCode).toBe(404);
    expect((await invoke(httpEvent({ method: 'POST', path: '/echo', body: '{bad', headers: { 'content-type': 'application/json' } }))).statusCode).toBe(400);
    const bug = await invoke(httpEvent({ method: 'POST', path: '/bug' }));
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('secret-value');
  });

  it('sends text bodies as they are', async () => {
    const response = await invoke(httpEvent({ path: '/xml' }));
    expect(response.headers?.['content-type']).toBe('text/xml');
    expect(response.body).toBe('<Response/>');
  });
});
