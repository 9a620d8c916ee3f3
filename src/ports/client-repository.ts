import type { Client } from '../domain/clients/client.js';

export interface StoredClient extends Client {
  id: number;
  createdAt: string;
  updatedAt: string;
  lastMessageId: string;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface ClientRejection {
  messageId: string;
  reason: string;
  /** The message with personal data masked. */
  payload: unknown;
  receivedAt?: string;
}

/** A rejection as stored, with when it was recorded. */
export interface RecordedRejection extends ClientRejection {
  recordedAt: string;
}

/** Where clients and rejections live: PostgreSQL. */
export interface ClientRepository {
  /**
   * Creates the client, or updates the one with the same email (case-insensitive)
   * when something changed; the same data again changes nothing.
   */
  upsert(client: Client, messageId: string): Promise<{ clientId: number; outcome: UpsertOutcome }>;
  /** Idempotent per message id. */
  recordRejection(rejection: ClientRejection): Promise<void>;
  list(): Promise<StoredClient[]>;
  rejections(): Promise<RecordedRejection[]>;
}
