import type { Client } from '../../domain/clients/client.js';
import type { ClientRejection, ClientRepository, RecordedRejection, StoredClient, UpsertOutcome } from '../../ports/client-repository.js';
import type { RelationalStore } from '../../ports/relational-store.js';

type ClientRow = {
  id: string | number;
  name: string;
  email: string;
  phone: string;
  external_id: string | null;
  source: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  last_message_id: string;
};

const iso = (value: Date | string | null): string => (value instanceof Date ? value.toISOString() : value ? new Date(value).toISOString() : '');

export class PgClientRepository implements ClientRepository {
  constructor(private readonly db: RelationalStore) {}

  async upsert(client: Client, messageId: string): Promise<{ clientId: number; outcome: UpsertOutcome }> {
    // One statement: concurrent registrations of the same email cannot both insert.
    const rows = await this.db.query<{ id: string | number; inserted: boolean }>(
      `insert into clients (name, email, phone, external_id, source, last_message_id)
       values ($1, $2, $3, $4, $5, $6)
       on conflict ((lower(email))) do update set
         name = excluded.name, phone = excluded.phone,
         external_id = coalesce(excluded.external_id, clients.external_id),
         source = coalesce(excluded.source, clients.source),
         last_message_id = excluded.last_message_id, updated_at = now()
       where (clients.name, clients.phone, clients.external_id, clients.source)
         is distinct from (excluded.name, excluded.phone, coalesce(excluded.external_id, clients.external_id), coalesce(excluded.source, clients.source))
       returning id, (xmax = 0) as inserted`,
      [client.name, client.email, client.phone, client.externalId ?? null, client.source ?? null, messageId],
    );
    const row = rows[0];
    if (row) return { clientId: Number(row.id), outcome: row.inserted ? 'created' : 'updated' };
    const existing = await this.db.query<{ id: string | number }>('select id from clients where lower(email) = lower($1)', [client.email]);
    return { clientId: Number(existing[0]?.id), outcome: 'unchanged' };
  }

  async recordRejection(rejection: ClientRejection): Promise<void> {
    await this.db.query(
      `insert into client_rejections (message_id, reason, payload, received_at) values ($1, $2, $3::jsonb, $4::timestamptz)
       on conflict (message_id) do nothing`,
      [rejection.messageId, rejection.reason, JSON.stringify(rejection.payload ?? null), rejection.receivedAt ?? null],
    );
  }

  async list(): Promise<StoredClient[]> {
    const rows = await this.db.query<ClientRow>('select * from clients order by id');
    return rows.map((row) => ({
      id: Number(row.id),
      name: row.name,
      email: row.email,
      phone: row.phone,
      ...(row.external_id ? { externalId: row.external_id } : {}),
      ...(row.source ? { source: row.source } : {}),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      lastMessageId: row.last_message_id,
    }));
  }

  async rejections(): Promise<RecordedRejection[]> {
    const rows = await this.db.query<{ message_id: string; reason: string; payload: unknown; received_at: Date | null; recorded_at: Date }>(
      'select message_id, reason, payload, received_at, recorded_at from client_rejections order by id',
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      reason: row.reason,
      payload: row.payload,
      ...(row.received_at ? { receivedAt: iso(row.received_at) } : {}),
      recordedAt: iso(row.recorded_at),
    }));
  }
}
