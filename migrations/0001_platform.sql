-- Messages that can never succeed (bad JSON, failed validation): recorded and
-- acknowledged by the SQS consumers, so they are not redelivered forever and not lost.
create table if not exists poison_messages (
  id bigserial primary key,
  source text not null,
  message_id text not null,
  error text not null,
  reason text not null,
  body jsonb,
  received_at timestamptz not null default now(),
  unique (source, message_id)
);
