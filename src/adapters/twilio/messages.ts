import { TransientError, ValidationError } from '../../shared/errors.js';
import type { MessageSender, OutgoingMessage } from '../../ports/messaging.js';

/**
 * WhatsApp through Twilio's Messages API (the reply is sent after the webhook answered):
 * one form-encoded POST with basic auth, as https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 * describes. Plain `fetch` instead of the twilio SDK keeps the Lambda bundle small (the SDK is ~8 MB of source).
 */
export class TwilioMessages implements MessageSender {
  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly from: string,
    /** The API's origin (the tests give a fake one). */
    private readonly apiBase = 'https://api.twilio.com',
    private readonly timeoutMs = 15_000,
    /** Puts an image where Twilio can fetch it and returns its short-lived URL (S3 + a presigned GET on AWS). */
    private readonly hostMedia?: (media: NonNullable<OutgoingMessage['media']>) => Promise<string>,
  ) {}

  async send(message: OutgoingMessage): Promise<string> {
    const form = new URLSearchParams({ From: this.from, To: message.to, Body: message.body });
    if (message.media) {
      if (!this.hostMedia) throw new ValidationError('this sender cannot send media (no media host configured)');
      form.set('MediaUrl', await this.hostMedia(message.media));
    }
    let response: Response;
    try {
      response = await fetch(`${this.apiBase}/2010-04-01/Accounts/${encodeURIComponent(this.accountSid)}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`Twilio connection error: ${(error as Error).name}`);
    }
    const answer = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown; message?: unknown };
    if (response.status === 429 || response.status >= 500) throw new TransientError(`Twilio ${response.status} error`);
    if (!response.ok || typeof answer.sid !== 'string') {
      const detail = typeof answer.message === 'string' ? `: ${answer.message.slice(0, 200)}` : '';
      throw new ValidationError(`Twilio ${response.status} error${typeof answer.code === 'number' ? ` ${answer.code}` : ''}${detail}`);
    }
    return answer.sid;
  }
}
