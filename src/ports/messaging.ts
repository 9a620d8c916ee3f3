/** An image sent with a message (WhatsApp media). */
export interface OutgoingMedia {
  /** A file name for it, unique within the turn (`<turn>-chart-1.png`). */
  name: string;
  contentType: 'image/png';
  bytes: Uint8Array;
}

export interface OutgoingMessage {
  to: string;
  body: string;
  media?: OutgoingMedia;
}

/** Twilio WhatsApp on AWS, an outbox file locally. */
export interface MessageSender {
  /** Sends one message; returns the provider's message id. */
  send(message: OutgoingMessage): Promise<string>;
}
