-- CSV summaries (docs/csv.md): one row per object version, identified by bucket, key and ETag.
create table if not exists csv_files (
  id bigserial primary key,
  bucket text not null,
  key text not null,
  etag text not null,
  prefix text not null,
  size bigint,
  status text not null check (status in ('summarized', 'failed')),
  rows bigint,
  delimiter text,
  encoding text,
  decimal text,
  summary jsonb,
  drift jsonb,
  error text,
  reason text,
  execution_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bucket, key, etag)
);
create index if not exists csv_files_prefix on csv_files (bucket, prefix, created_at);

create table if not exists csv_columns (
  file_id bigint not null references csv_files (id) on delete cascade,
  position int not null,
  name text not null,
  type text not null,
  stats jsonb not null,
  primary key (file_id, position)
);
