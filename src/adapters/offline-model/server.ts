import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { opusComments } from './audio.js';
import type { Carry, Context, Decision, ToolResult } from './decision.js';
import { decideOnResults, decideOnText } from './policy.js';

/**
 * An offline model speaking the parts of the OpenAI Responses API fluxo uses:
 * `POST /v1/responses` (background + store, previous_response_id,
 * function_call_output inputs) and `GET /v1/responses/{id}`, whose status moves
 * queued -> in_progress -> completed as it is retrieved, like a real run:
 * `retrievesToComplete` (default 1, OFFLINE_MODEL_RETRIEVES locally) sets how
 * many retrieves a response takes, so the machine's Wait loop can be watched.
 * Its answers come from the deterministic policy in src/domain/assistant.
 */
interface StoredResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'incomplete';
  model: string;
  previous_response_id: string | null;
  background: boolean;
  store: boolean;
  output: unknown[];
  output_text: string;
  error: null | { code: string; message: string };
  /** Revealed when the status reaches completed. */
  pending: unknown[];
  retrieves: number;
  /** What the model remembers of this reply for the next message (rows it asked to choose from, the question answered); never sent. */
  context?: Context;
  /** What the model keeps of the message for its reply after the tools (decision.ts). */
  carry?: Carry;
}

type InputItem = { type?: string; role?: string; content?: unknown; call_id?: string; output?: string };

function textOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  return (input as InputItem[])
    .filter((item) => item.role === 'user' || item.type === 'message')
    .map((item) => (typeof item.content === 'string' ? item.content : Array.isArray(item.content) ? (item.content as { text?: string }[]).map((part) => part.text ?? '').join(' ') : ''))
    .join('\n');
}

function todayIn(instructions: string): string {
  const stated = /(\d{4}-\d{2}-\d{2})/.exec(instructions)?.[1];
  if (stated) return stated;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
}

function outputOf(decision: Decision): unknown[] {
  if (decision.kind === 'message') {
    return [{ type: 'message', id: `msg_${randomUUID()}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: decision.text, annotations: [] }] }];
  }
  return decision.calls.map((call) => ({ type: 'function_call', id: `fc_${randomUUID()}`, call_id: `call_${randomUUID().slice(0, 12)}`, name: call.name, arguments: JSON.stringify(call.arguments), status: 'completed' }));
}

export interface OfflineModel {
  url: string;
  /** The key every request must carry (`Authorization: Bearer <key>`), as OpenAI's API does. */
  apiKey: string;
  server: Server;
  /** Makes the next `count` requests answer `status` (429, 500...) to exercise retries. */
  failNext(status: number, count: number): void;
  close(): Promise<void>;
}

/** The most a request body may hold, and the most text one message may bring (WhatsApp's own cap is 4096 characters). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TEXT_CHARS = 16 * 1024;

/**
 * `file`: where stored responses are kept, so conversations survive a restart (as OpenAI's stored responses do).
 * `apiKey`: the key requests must carry (a random one when not given). It listens on 127.0.0.1 only, and
 * answers only requests that carry the key and name its own host: another local user or a web page
 * (which cannot send an Authorization header without a CORS preflight it never gets) reads nothing.
 */
export async function startOfflineModel(options: { port?: number; retrievesToComplete?: number; file?: string; apiKey?: string } = {}): Promise<OfflineModel> {
  const port = options.port ?? 0;
  const apiKey = options.apiKey ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(`Bearer ${apiKey}`);
  const authorized = (header: string | undefined) => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const retrievesToComplete = Math.max(1, options.retrievesToComplete ?? 1);
  const responses = new Map<string, StoredResponse>();
  if (options.file) {
    const saved = JSON.parse(await readFile(options.file, 'utf8').catch(() => '[]')) as StoredResponse[];
    for (const stored of saved) responses.set(stored.id, stored);
  }
  let saving = Promise.resolve();
  const persist = () => {
    const file = options.file;
    if (!file) return;
    saving = saving.then(async () => {
      await writeFile(`${file}.tmp`, JSON.stringify([...responses.values()]));
      await rename(`${file}.tmp`, file);
    }).catch(() => undefined);
  };
  const failures: number[] = [];
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${bound}` && host !== `localhost:${bound}`) return reply(421, { error: { type: 'invalid_request_error', message: 'unknown host' } });
    if (!authorized(request.headers.authorization)) return reply(401, { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' } });
    const injected = failures.shift();
    if (injected) return reply(injected, { error: { type: injected === 429 ? 'rate_limit_exceeded' : 'server_error', message: `offline model: injected ${injected}` } });
    const url = new URL(request.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return reply(413, { error: { type: 'invalid_request_error', message: `request body over ${MAX_BODY_BYTES} bytes` } });
      if (request.method === 'POST' && url.pathname === '/v1/audio/transcriptions') {
        const file = multipartFile(Buffer.concat(chunks), request.headers['content-type'] ?? '');
        if (!file) return reply(400, { error: { type: 'invalid_request_error', message: 'expected a multipart body with a file' } });
        return reply(200, { text: opusComments(file).TRANSCRIPT ?? '' });
      }
      if (request.method === 'POST' && url.pathname === '/v1/responses') {
        let body: { model?: string; instructions?: string; input?: unknown; previous_response_id?: string; background?: boolean; store?: boolean };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          return reply(400, { error: { type: 'invalid_request_error', message: 'body is not JSON' } });
        }
        if (body.background && body.store === false) return reply(400, { error: { type: 'invalid_request_error', message: 'background mode requires store=true' } });
        const previous = body.previous_response_id ? responses.get(body.previous_response_id) : undefined;
        if (body.previous_response_id && !previous) return reply(404, { error: { type: 'invalid_request_error', message: `Previous response with id '${body.previous_response_id}' not found.` } });
        const outputs = Array.isArray(body.input) ? (body.input as InputItem[]).filter((item) => item.type === 'function_call_output') : [];
        let decision: Decision;
        if (outputs.length > 0) {
          const calls = (previous?.output ?? []) as { type: string; call_id: string; name: string; arguments: string }[];
          const results: ToolResult[] = outputs.map((item) => {
            const call = calls.find((candidate) => candidate.type === 'function_call' && candidate.call_id === item.call_id);
            let output: unknown = item.output;
            try {
              output = JSON.parse(item.output ?? 'null');
            } catch {
              // a plain-text tool output
            }
            return { name: call?.name ?? 'unknown', arguments: call ? (JSON.parse(call.arguments) as Record<string, unknown>) : {}, output };
          });
          if (results.some((result) => result.name === 'unknown')) return reply(400, { error: { type: 'invalid_request_error', message: 'No tool call found for function call output' } });
          decision = decideOnResults(results, previous?.carry);
        } else {
          const text = textOf(body.input);
          if (text.length > MAX_TEXT_CHARS) return reply(400, { error: { type: 'invalid_request_error', message: `input text over ${MAX_TEXT_CHARS} characters` } });
          decision = decideOnText(text, todayIn(body.instructions ?? ''), previous?.context);
        }
        const stored: StoredResponse = {
          id: `resp_${randomUUID().replace(/-/g, '')}`,
          object: 'response',
          created_at: Math.floor(Date.now() / 1000),
          status: body.background ? 'queued' : 'completed',
          model: body.model ?? 'offline',
          previous_response_id: body.previous_response_id ?? null,
          background: body.background ?? false,
          store: body.store ?? true,
          output: [],
          output_text: '',
          error: null,
          pending: outputOf(decision),
          retrieves: 0,
          ...(decision.kind === 'message' && decision.context ? { context: decision.context } : {}),
          ...(decision.kind === 'calls' && decision.carry ? { carry: decision.carry } : {}),
        };
        if (!body.background) reveal(stored);
        responses.set(stored.id, stored);
        persist();
        return reply(200, publicView(stored));
      }
      const match = /^\/v1\/responses\/([\w-]+)$/.exec(url.pathname);
      if (request.method === 'GET' && match) {
        const stored = responses.get(match[1] ?? '');
        if (!stored) return reply(404, { error: { type: 'invalid_request_error', message: 'No response found' } });
        if (stored.status === 'queued' || stored.status === 'in_progress') {
          stored.retrieves += 1;
          if (stored.retrieves >= retrievesToComplete) reveal(stored);
          else stored.status = 'in_progress';
          persist();
        }
        return reply(200, publicView(stored));
      }
      reply(404, { error: { type: 'invalid_request_error', message: `no route ${request.method} ${url.pathname}` } });
    });
  });
  let bound = 0;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/v1`,
    apiKey,
    server,
    failNext: (status, count) => failures.push(...Array.from({ length: count }, () => status)),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await saving;
    },
  };
}

function reveal(stored: StoredResponse): void {
  stored.status = 'completed';
  stored.output = stored.pending;
  stored.output_text = (stored.output as { type: string; content?: { text: string }[] }[])
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text)
    .join('');
}

function publicView({ pending: _pending, context: _context, ...visible }: StoredResponse) {
  return visible;
}

/** The `file` part of a multipart/form-data body. */
function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary ? `--${boundary[1] ?? boundary[2]}` : undefined;
  if (!marker) return undefined;
  let start = body.indexOf(marker);
  while (start >= 0) {
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(start, headerEnd).toString('utf8');
    const next = body.indexOf(marker, headerEnd);
    if (next < 0) return undefined;
    if (/name="file"/.test(headers)) return body.subarray(headerEnd + 4, next - 2);
    start = next;
  }
  return undefined;
}
