import { TransientError, ValidationError } from '../../platform/errors.js';
import type { FetchedMedia, MediaSource } from '../../ports/media.js';

/** WhatsApp allows voice notes up to 16 MB; OpenAI transcription takes up to 25 MB. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

/**
 * Twilio media (MediaUrl0): HTTP basic auth with the account SID and auth
 * token; Twilio redirects to a signed URL, which fetch follows.
 */
export class TwilioMedia implements MediaSource {
  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async fetch(url: string): Promise<FetchedMedia> {
    if (!/^https?:\/\//.test(url)) throw new ValidationError('media URL must be http(s)');
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`media download failed: ${(error as Error).name}`);
    }
    if (response.status === 429 || response.status >= 500) throw new TransientError(`media download answered ${response.status}`);
    if (!response.ok) throw new ValidationError(`media download answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_MEDIA_BYTES) throw new ValidationError(`media is ${length} bytes, more than ${MAX_MEDIA_BYTES}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > MAX_MEDIA_BYTES) throw new ValidationError(`media is ${body.length} bytes, more than ${MAX_MEDIA_BYTES}`);
    return { body, contentType: (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim() ?? 'application/octet-stream' };
  }
}
