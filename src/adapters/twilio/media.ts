import { TransientError, ValidationError } from '../../shared/errors.js';
import type { FetchedMedia, MediaSource } from '../../ports/media.js';

/** WhatsApp allows voice notes up to 16 MB; OpenAI transcription takes up to 25 MB. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

/** Where Twilio serves media (MediaUrl0): https://www.twilio.com/docs/messaging/guides/how-to-retrieve-media */
export const TWILIO_MEDIA_ORIGINS = ['https://api.twilio.com'];

export interface TwilioMediaOptions {
  timeoutMs?: number;
  /** Origins the account's credentials may be sent to (tests add a fake's). */
  origins?: string[];
}

/**
 * Twilio media (MediaUrl0): HTTP basic auth with the account SID and auth
 * token, only to Twilio's own origin (the URL comes from a webhook: a forged one
 * must not collect the credentials); Twilio answers with a redirect to a signed
 * URL, followed without credentials. The body is counted as it streams and
 * refused past MAX_MEDIA_BYTES.
 */
export class TwilioMedia implements MediaSource {
  private readonly timeoutMs: number;
  private readonly origins: string[];
  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
    options: TwilioMediaOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.origins = options.origins ?? TWILIO_MEDIA_ORIGINS;
  }

  async fetch(url: string): Promise<FetchedMedia> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ValidationError('media URL is not a URL');
    }
    if (!this.origins.includes(target.origin)) throw new ValidationError(`media URL must be on ${this.origins.join(' or ')}`);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response = await this.request(target, { authorization: `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}` }, signal);
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location) {
      const next = new URL(location, target);
      // The signed URL needs no credentials: none are sent, and only over HTTPS (or back to the same origin).
      if (next.protocol !== 'https:' && next.origin !== target.origin) throw new ValidationError('media redirect is not HTTPS');
      await response.body?.cancel();
      response = await this.request(next, {}, signal);
    }
    if (response.status === 429 || response.status >= 500) throw new TransientError(`media download answered ${response.status}`);
    if (!response.ok) throw new ValidationError(`media download answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_MEDIA_BYTES) throw new ValidationError(`media is ${length} bytes, more than ${MAX_MEDIA_BYTES}`);
    const body = await readCapped(response, MAX_MEDIA_BYTES);
    return { body, contentType: (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim() ?? 'application/octet-stream' };
  }

  private async request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(url, { headers, signal, redirect: 'manual' });
    } catch (error) {
      throw new TransientError(`media download failed: ${(error as Error).name}`);
    }
  }
}

/** The body, refused as soon as it passes `limit` bytes (a missing or lying content-length changes nothing). */
async function readCapped(response: Response, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new ValidationError(`media is more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
