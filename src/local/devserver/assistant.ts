import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpApiEvent } from '../../platform/aws-events.js';
import { ValidationError } from '../../shared/errors.js';
import { chat, DEFAULT_SENDER } from '../stack/chat.js';
import type { ThreadEntry } from '../stack/chat-turn.js';
import type { LocalStack } from '../stack/compose.js';
import { requireType } from './guard.js';
import { readBody, readJsonObject, send, type Route } from './http.js';

/** A Node request to the dev server, as API Gateway would hand it to the webhook's Lambda. */
function nodeRequestEvent(request: IncomingMessage, url: URL, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[key] = value;
  return httpApiEvent({ method: request.method ?? 'GET', url, headers, body, sourceIp: request.socket.remoteAddress ?? '' });
}

const SENDER = /^whatsapp:\+\d{8,15}$/;
function senderOf(url: URL): string {
  const from = url.searchParams.get('from') || DEFAULT_SENDER;
  if (!SENDER.test(from)) throw new ValidationError('from must look like whatsapp:+5511999990000');
  return from;
}

/** The WhatsApp webhook, the console's chat, one sender's thread, the outbox and the ledger. */
export function assistantRoutes(stack: LocalStack): Route[] {
  return [
    [
      // Twilio (through a tunnel) or `curl` posting to the local webhook: the same Lambda as on AWS.
      /^POST \/webhook\/whatsapp$/,
      async (_m, request, response, url) => {
        const result = (await stack.functions.invoke('whatsapp_webhook', nodeRequestEvent(request, url, await readBody(request)))) as APIGatewayProxyStructuredResultV2;
        response.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
        response.end(result.body ?? '');
      },
    ],
    [
      // The console's chat: a signed webhook request made here, as Twilio would make it; answers when the turn is over.
      /^POST \/api\/chat$/,
      async (_m, request, response, url) => {
        const type = requireType(request, ['application/json', 'audio/*', 'video/webm', 'application/octet-stream']);
        const from = senderOf(url);
        if (type === 'application/json') {
          const { text } = await readJsonObject(request);
          if (typeof text !== 'string' || !text.trim()) throw new ValidationError('text is required');
          return send(response, 200, await chat(stack, { text, from }));
        }
        const fileName = path.basename(url.searchParams.get('name') ?? 'voice.ogg');
        const body = await readBody(request, 16 * 1024 * 1024);
        if (!body.length) throw new ValidationError('the voice note is empty');
        send(response, 200, await chat(stack, { from, text: url.searchParams.get('text') ?? '', audio: { body, fileName } }));
      },
    ],
    [
      // One sender's thread: inbound messages (from the turns' inputs) and the replies in the outbox, by time.
      /^GET \/api\/conversation$/,
      async (_m, _q, response, url) => {
        const from = senderOf(url);
        const turns = (await stack.engine.store.list('assistant-turn')).filter((record) => (record.input as { turn?: { from?: string } })?.turn?.from === from);
        const inbound = turns.map((record): ThreadEntry => {
          const input = record.input as { text?: string; numMedia?: number; turn: { receivedAt: string } };
          return { direction: 'in', at: input.turn.receivedAt, text: input.text ?? '', voice: (input.numMedia ?? 0) > 0, execution: record.name, status: record.status };
        });
        const outbound = (await stack.outbox.list(from)).map((entry): ThreadEntry => ({ direction: 'out', at: entry.at, text: entry.body, id: entry.id, ...(entry.media ? { image: entry.media.url } : {}) }));
        send(response, 200, [...inbound, ...outbound].sort((a, b) => a.at.localeCompare(b.at)));
      },
    ],
    [/^GET \/api\/outbox$/, async (_m, _q, response, url) => send(response, 200, await stack.outbox.list(url.searchParams.get('to') ?? undefined))],
    [
      // The ledger: one sender's rows (?from=, what the chat shows), or every row.
      /^GET \/api\/expenses$/,
      async (_m, _q, response, url) => send(response, 200, await stack.deps.ledger.list(url.searchParams.has('from') ? { sender: senderOf(url) } : {})),
    ],
    [
      // An image the assistant sent (a chart), from the outbox folder; names are the outbox's own, nothing else is served.
      /^GET \/api\/outbox\/media\/([\w.-]+\.png)$/,
      async (match, _q, response) => {
        const dir = stack.outbox.mediaDir;
        const name = match[1] ?? '';
        const body = !name.startsWith('.') ? await readFile(path.join(dir, name)).catch(() => undefined) : undefined;
        if (!body) return send(response, 404, { error: 'NotFound', message: `no image ${name}` });
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length, 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=3600' });
        response.end(body);
      },
    ],
  ];
}
