import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwilioMessages } from '../../src/adapters/twilio/messages.js';
import { sendReply } from '../../src/workflows/assistant/turn.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'messages-token-0123456789';
let server: Server;
let base: string;
const received: { auth?: string; path: string; form: Record<string, string> }[] = [];
const failures: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      received.push({ auth: request.headers.authorization, path: request.url ?? '', form });
      const failure = failures.shift();
      if (failure) {
        response.writeHead(failure, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ code: 20429, message: 'Too Many Requests', status: failure }));
      }
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: `SM${String(received.length).padStart(32, '0')}`, status: 'queued', to: form.To, from: form.From, body: form.Body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('TwilioMessages (Messages API)', () => {
  const messages = () => new TwilioMessages(SID, TOKEN, 'whatsapp:+14155238886', base);

  it('posts each part of a long reply from the WhatsApp sender, with basic auth', async () => {
    received.length = 0;
    const long = Array.from({ length: 400 }, (_, index) => `palavra${index}`).join(' ');
    const sent = await sendReply(messages(), { to: 'whatsapp:+5511999990000', text: long });
    expect(sent.parts).toBeGreaterThan(1);
    expect(received).toHaveLength(sent.parts);
    expect(received[0]).toMatchObject({ auth: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`, path: `/2010-04-01/Accounts/${SID}/Messages.json`, form: { To: 'whatsapp:+5511999990000', From: 'whatsapp:+14155238886' } });
    expect(received.map((request) => request.form.Body).join(' ')).toBe(long);
    expect(received.every((request) => (request.form.Body ?? '').length <= 1600)).toBe(true);
    expect(sent.sids[0]).toMatch(/^SM\d{32}$/);
  });

  it('reports 429 and 5xx as TransientError for the machine to retry', async () => {
    failures.push(429);
    await expect(messages().send({ to: 'whatsapp:+5511999990000', body: 'oi' })).rejects.toMatchObject({ name: 'TransientError' });
    failures.push(503);
    await expect(messages().send({ to: 'whatsapp:+5511999990000', body: 'oi' })).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('reports a refused message (4xx) as a permanent error with Twilio\'s code, never the token', async () => {
    failures.push(400);
    const error = (await messages().send({ to: 'whatsapp:+5511999990000', body: 'oi' }).catch((caught: unknown) => caught)) as Error;
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Twilio 400 error 20429: Too Many Requests');
    expect(error.message).not.toContain(TOKEN);
  });
});
