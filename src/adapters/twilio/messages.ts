import twilio from 'twilio';
import { TransientError } from '../../platform/errors.js';
import type { MessageSender, OutgoingMessage } from '../../ports/messaging.js';

/** WhatsApp through Twilio's Messages API (the reply is sent after the webhook answered). */
export class TwilioMessages implements MessageSender {
  private readonly client: ReturnType<typeof twilio>;
  constructor(
    accountSid: string,
    authToken: string,
    private readonly from: string,
    /** Twilio's HTTP client (the tests give one that talks to a fake API). */
    httpClient?: NonNullable<Parameters<typeof twilio>[2]>['httpClient'],
  ) {
    this.client = twilio(accountSid, authToken, httpClient ? { httpClient } : undefined);
  }

  async send(message: OutgoingMessage): Promise<string> {
    try {
      const sent = await this.client.messages.create({ from: this.from, to: message.to, body: message.body });
      return sent.sid;
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status === 429 || status >= 500 || status === 0) throw new TransientError(`Twilio ${status || 'connection'} error`);
      throw error;
    }
  }
}
