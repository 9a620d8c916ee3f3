export interface OutgoingMessage {
  to: string;
  body: string;
}

/** Twilio WhatsApp on AWS, an outbox file locally. */
export interface MessageSender {
  /** Sends one message; returns the provider's message id. */
  send(message: OutgoingMessage): Promise<string>;
}
