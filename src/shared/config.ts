import * as z from './zod.js';
import { ConfigError } from './errors.js';

/**
 * The configuration every fluxo function can read. Values come from the
 * environment (locally also `.env`) and, on AWS, from the Secrets Manager
 * secrets the function may read (`FLUXO_SECRET_IDS`, one per consumer: Twilio,
 * OpenAI, Graph; or one `FLUXO_SECRET_ID`) whose JSON keys use the same names.
 */
export const baseConfigSchema = z.object({
  STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  /** Points every AWS SDK client at another endpoint (moto in tests). */
  AWS_ENDPOINT_URL: z.optional(z.url()),
  LOG_LEVEL: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
  /** Set by Lambda: the function's unpacked artifact (db_migrate reads migrations/ there). */
  LAMBDA_TASK_ROOT: z.optional(z.string().check(z.minLength(1))),
  DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))),
  /** On AWS: the RDS-managed secret (username, password[, host, port, dbname]); wins over DATABASE_URL. Empty means unset. */
  DATABASE_SECRET_ID: z.pipe(z.optional(z.string()), z.transform((value) => value || undefined)),
  /** An Aurora cluster reached through the RDS Data API (`database: create` stages): with DATABASE_SECRET_ID, no VPC and no connections. Empty means unset. */
  DATABASE_CLUSTER_ARN: z.pipe(z.optional(z.string()), z.transform((value) => value || undefined)),
  DATABASE_HOST: z.pipe(z.optional(z.string()), z.transform((value) => value || undefined)),
  DATABASE_NAME: z.pipe(z.optional(z.string()), z.transform((value) => value || undefined)),
  /** TLS to the database built from DATABASE_SECRET_ID: `verify-full` (the default: against the RDS CA bundle), or by explicit choice `verify-ca`, `no-verify`/`require` (encrypted, unchecked), `disable`. */
  DATABASE_SSLMODE: z._default(z.enum(['verify-full', 'verify-ca', 'no-verify', 'require', 'disable']), 'verify-full'),
  FLUXO_SECRET_ID: z.optional(z.string()),
  /** The secrets this function reads, comma-separated (serverless.yml gives each function only its own: docs/deploy.md). */
  FLUXO_SECRET_IDS: z.optional(z.string()),
  /** The secret holding GRAPH_REFRESH_TOKEN alone, which the ledger rewrites when Microsoft rotates the token. */
  GRAPH_TOKEN_SECRET_ID: z.optional(z.string()),
  SECRET_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 300),
  /** ARN prefix of this stage's state machines, `arn:aws:states:<region>:<account>:stateMachine:<service>-<stage>-`. */
  STATE_MACHINE_ARN_PREFIX: z.optional(z.string()),
  DEFAULT_PHONE_REGION: z._default(z.string().check(z.length(2)), 'BR'),
  /** Where ClientRegistration sends a message it could not store (a queue URL; a queue name locally). */
  /** Files above this size are summarized in parallel byte ranges (Map). */
  CSV_LARGE_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 64 * 1024 * 1024),
  CSV_CHUNK_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 16 * 1024 * 1024),
  /** Files above this size go to the Distributed Map path (child executions, items and results in S3). */
  CSV_HUGE_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 4 * 1024 * 1024 * 1024),
  /** Chunk size on the Distributed Map path. */
  CSV_HUGE_CHUNK_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 128 * 1024 * 1024),
  /** Child executions at once on the Distributed Map path (Step Functions allows up to 10 000; mind the account's Lambda concurrency). */
  CSV_MAP_MAX_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.positive(), z.lte(10_000)), 100),
  /** Up to this size a large file whose quartiles a sketch answered is read a second time for exact ones (docs/csv.md); 0 turns it off. */
  CSV_EXACT_QUARTILES_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 10 * 1024 * 1024 * 1024),
  /** Up to this size the huge path (Distributed Map) makes sketched quartiles exact with a second Distributed Map; past it they stay sketched (docs/csv.md); 0 turns it off. */
  CSV_HUGE_EXACT_QUARTILES_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 10 * 1024 * 1024 * 1024),
  /** A CSV record longer than this is refused (a missing closing quote, or not a CSV); `fluxo summarize --max-record-mb`. */
  CSV_MAX_RECORD_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 64 * 1024 * 1024),
  /** Where Map iterations leave partial summaries (they can exceed the 256 KB state payload limit). */
  CSV_WORK_BUCKET: z.optional(z.string().check(z.minLength(1))),
  /** The WhatsApp assistant (docs/assistant.md). Without OPENAI_API_KEY the local stack uses the offline model. */
  OPENAI_API_KEY: z.optional(z.string().check(z.minLength(1))),
  OPENAI_BASE_URL: z.optional(z.url()),
  OPENAI_MODEL: z._default(z.string().check(z.minLength(1)), 'gpt-4.1-mini'),
  TWILIO_ACCOUNT_SID: z.optional(z.string().check(z.minLength(1))),
  TWILIO_AUTH_TOKEN: z.optional(z.string().check(z.minLength(8))),
  TWILIO_WHATSAPP_FROM: z.optional(z.string().check(z.minLength(1))),
  /** The Messages API's origin: https://api.twilio.com unless set (a regional edge, or a fake in tests). */
  TWILIO_API_BASE_URL: z.optional(z.url()),
  /** The public URL Twilio posts to: signatures are computed over it, not over what API Gateway sees. */
  WHATSAPP_WEBHOOK_URL: z.optional(z.url()),
  CONVERSATIONS_TABLE: z._default(z.string().check(z.minLength(1)), 'fluxo-conversations'),
  /** Voice notes are kept here (media/<MessageSid>), with Amazon Transcribe's transcripts (transcripts/<MessageSid>.json). */
  MEDIA_BUCKET: z._default(z.string().check(z.minLength(1)), 'fluxo-media'),
  /** Who transcribes voice notes: Amazon Transcribe (pt-BR) or OpenAI's gpt-4o-mini-transcribe. */
  TRANSCRIBER: z._default(z.enum(['transcribe', 'openai']), 'openai'),
  OPENAI_TRANSCRIBE_MODEL: z._default(z.string().check(z.minLength(1)), 'gpt-4o-mini-transcribe'),
  /** Microsoft Graph ledger: the workbook on OneDrive and its table (docs/assistant.md). */
  GRAPH_TENANT_ID: z.optional(z.string().check(z.minLength(1))),
  GRAPH_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  GRAPH_CLIENT_SECRET: z.optional(z.string().check(z.minLength(1))),
  GRAPH_REFRESH_TOKEN: z.optional(z.string().check(z.minLength(1))),
  GRAPH_WORKBOOK_PATH: z.optional(z.string().check(z.minLength(1))),
  GRAPH_TABLE_NAME: z._default(z.string().check(z.minLength(1)), 'Gastos'),
  /** National clouds only: Graph's base URL and the identity platform's authority. */
  GRAPH_BASE_URL: z.optional(z.url()),
  GRAPH_AUTHORITY_URL: z.optional(z.url()),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** A whole number written in the environment (an empty value is unset). */
const wholeNumber = (message: string) => z.pipe(z.string().check(z.regex(/^\d+$/, message)), z.transform(Number));

/**
 * `fluxo summarize`'s local settings (docs/csv.md), read from the environment once per run:
 * from FLUXO_CSV_PARALLEL_MIN_BYTES (32 MiB) a file is split over FLUXO_CSV_WORKERS worker
 * threads (default one per core, at most 8; 1 is one thread).
 */
export const localCsvConfigSchema = z.object({
  FLUXO_CSV_WORKERS: z.optional(z.pipe(wholeNumber('must be a whole number from 1 to 8'), z.number().check(z.gte(1, 'must be a whole number from 1 to 8'), z.lte(8, 'must be a whole number from 1 to 8')))),
  FLUXO_CSV_PARALLEL_MIN_BYTES: z._default(wholeNumber('must be a whole number of bytes'), 32 * 1024 * 1024),
});

export type LocalCsvConfig = z.infer<typeof localCsvConfigSchema>;

/** {@link localCsvConfigSchema} from `env`: a bad value is one ConfigError line naming the key and the rule, never the value. */
export function localCsvConfig(env: ConfigSource): LocalCsvConfig {
  const set = (key: string) => (env[key] === undefined || env[key] === '' ? undefined : env[key]);
  return parseConfig(localCsvConfigSchema, { FLUXO_CSV_WORKERS: set('FLUXO_CSV_WORKERS'), FLUXO_CSV_PARALLEL_MIN_BYTES: set('FLUXO_CSV_PARALLEL_MIN_BYTES') });
}

export type ConfigSource = Record<string, string | undefined>;

/**
 * Parses `source` with `schema`. On failure throws a {@link ConfigError} that
 * names every bad key and why, and never echoes a value.
 */
export function parseConfig<S extends z.ZodMiniType>(schema: S, source: ConfigSource): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const keys = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  const reasons = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code === 'invalid_type' ? 'missing or wrong type' : issue.message}`);
  throw new ConfigError(keys, reasons.join('; '));
}

/** Fetches a secret string by id; implemented by the Secrets Manager adapter. */
export type SecretFetcher = (secretId: string) => Promise<string>;

interface CacheEntry {
  values: ConfigSource;
  expiresAt: number;
}

/**
 * Loads each secret once per container and keeps it for `ttlSeconds`
 * (warm Lambda invocations do not call Secrets Manager again).
 */
export class SecretConfigCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly pending = new Map<string, Promise<ConfigSource>>();

  constructor(
    private readonly fetch: SecretFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  async load(secretId: string, ttlSeconds: number): Promise<ConfigSource> {
    const entry = this.entries.get(secretId);
    if (entry && entry.expiresAt > this.now()) return entry.values;
    const inFlight = this.pending.get(secretId);
    if (inFlight) return inFlight;
    const loading = this.fetch(secretId)
      .then((text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new ConfigError([secretId], 'secret is not a JSON object');
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError([secretId], 'secret is not a JSON object');
        const values: ConfigSource = {};
        for (const [key, value] of Object.entries(parsed)) values[key] = value === null || value === undefined ? undefined : String(value);
        this.entries.set(secretId, { values, expiresAt: this.now() + ttlSeconds * 1000 });
        return values;
      })
      .finally(() => this.pending.delete(secretId));
    this.pending.set(secretId, loading);
    return loading;
  }
}

/** The secrets a function reads: `FLUXO_SECRET_ID`, then each of `FLUXO_SECRET_IDS` (comma-separated). */
export function secretIdsOf(env: ConfigSource): string[] {
  const listed = (env.FLUXO_SECRET_IDS ?? '').split(',').map((id) => id.trim());
  return [...new Set([env.FLUXO_SECRET_ID ?? '', ...listed].filter(Boolean))];
}

/**
 * Environment first, then the function's secrets on top, in order (secrets win,
 * so a value rotated in Secrets Manager takes effect without a redeploy).
 */
export async function loadConfig<S extends z.ZodMiniType>(
  schema: S,
  env: ConfigSource,
  secrets?: { cache: SecretConfigCache },
): Promise<z.infer<S>> {
  const ids = secretIdsOf(env);
  if (ids.length === 0 || !secrets) return parseConfig(schema, env);
  const ttl = Number(env.SECRET_TTL_SECONDS ?? 300) || 300;
  const fromSecrets = await Promise.all(ids.map((id) => secrets.cache.load(id, ttl)));
  return parseConfig(schema, Object.assign({}, env, ...fromSecrets) as ConfigSource);
}
