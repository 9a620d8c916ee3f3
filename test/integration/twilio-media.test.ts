import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwilioMedia } from '../../src/adapters/twilio/media.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'media-token-0123456789';
let server: Server;
let base: string;
let calls = 0;
const leaked: string[] = [];
const media = (token = TOKEN) => new TwilioMedia(SID, token, { origins: [base] });

beforeAll(async () => {
  // Twilio's media URL: basic auth, then a redirect to a short-lived signed URL; 503 once to show it is transient.
  server = createServer((request, response) => {
    calls += 1;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/busy') return void response.writeHead(503).end();
    if (url.pathname === '/huge') {
      // No content-length: the size shows only while streaming.
      response.writeHead(200, { 'content-type': 'audio/ogg' });
      const chunk = Buffer.alloc(1024 * 1024, 1);
      for (let index = 0; index < 17; index++) response.write(chunk);
      return void response.end();
    }
    if (url.pathname === '/collect') {
      leaked.push(request.headers.authorization ?? '');
      return void response.writeHead(200).end('x');
    }
    if (url.pathname === '/signed/voice.ogg') {
      response.writeHead(200, { 'content-type': 'audio/ogg' });
      return void response.end(Buffer.from('OggS-voice-note'));
    }
    const expected = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return void response.writeHead(401).end();
    response.writeHead(307, { location: `${base}/signed/voice.ogg` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('TwilioMedia', () => {
  it('downloads a voice note with basic auth, following the redirect to the signed URL', async () => {
    const fetched = await media().fetch(`${base}/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME1`);
    expect(fetched).toEqual({ body: Buffer.from('OggS-voice-note'), contentType: 'audio/ogg' });
  });
  it('refuses with a clear error on wrong credentials, and reports 5xx as transient', async () => {
    await expect(media('wrong-token-000').fetch(`${base}/media`)).rejects.toMatchObject({ name: 'ValidationError', message: 'media download answered 401' });
    await expect(media().fetch(`${base}/busy`)).rejects.toMatchObject({ name: 'TransientError' });
    expect(calls).toBeGreaterThan(3);
  });

  it('sends the credentials only to Twilio: another host or plain HTTP is refused before any request', async () => {
    const before = calls;
    for (const url of ['https://evil.example/2010-04-01/Media/ME1', 'http://api.twilio.com/2010-04-01/Media/ME1', `${base.replace('127.0.0.1', 'localhost')}/collect`, 'file:///etc/passwd', 'not a url']) {
      await expect(new TwilioMedia(SID, TOKEN, { origins: [base] }).fetch(url)).rejects.toMatchObject({ name: 'ValidationError' });
    }
    await expect(new TwilioMedia(SID, TOKEN).fetch(`${base}/collect`)).rejects.toThrow('media URL must be on https://api.twilio.com');
    expect(calls).toBe(before);
    expect(leaked).toEqual([]);
  });

  it('refuses a body past 16 MB while it streams, without a content-length', async () => {
    await expect(media().fetch(`${base}/huge`)).rejects.toMatchObject({ name: 'ValidationError', message: `media is more than ${16 * 1024 * 1024} bytes` });
  });
});
