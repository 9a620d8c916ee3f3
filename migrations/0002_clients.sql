-- Clients registered from NewClientNotification messages (docs/clients.md).
create table if not exists clients (
  id bigserial primary key,
  name text not null,
  email text not null,
  phone text not null,
  external_id text,
  source text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_message_id text not null
);
-- One client per email, whatever its case.
create unique index if not exists clients_email_key on clients (lower(email));

-- Messages that failed validation: recorded once per message, personal data masked.
create table if not exists client_rejections (
  id bigserial primary key,
  message_id text not null unique,
  reason text not null,
  payload jsonb,
  received_at timestamptz,
  recorded_at timestamptz not null default now()
);
