import * as z from './zod.js';
import { ConfigError } from './errors.js';
import { assistantConfig } from './settings/assistant.js';
import { clientsConfig } from './settings/clients.js';
import { coreConfig } from './settings/core.js';
import { csvConfig } from './settings/csv.js';
import { databaseConfig } from './settings/database.js';
import { graphConfig } from './settings/graph.js';
import { httpSigningConfig } from './settings/http-signing.js';
import { openaiConfig } from './settings/openai.js';
import { twilioConfig } from './settings/twilio.js';
import { workflowsConfig } from './settings/workflows.js';

/**
 * The settings of every module, each declared in its own file (src/shared/settings/: core,
 * database, workflows, clients, csv, openai, twilio, assistant, graph, http-signing). Values come from the
 * environment (locally also `.env`) and, on AWS, from the Secrets Manager secrets the
 * function may read (`FLUXO_SECRET_IDS`, one per consumer: Twilio, OpenAI, Graph; or one
 * `FLUXO_SECRET_ID`) whose JSON keys use the same names. Everything here is optional or has
 * a default, so any function parses it; what a function cannot run without follows from its
 * ports (src/handlers/wiring/config-needs.ts), checked once when it is composed.
 */
export const baseConfigSchema = z.object({
  ...coreConfig.shape,
  ...databaseConfig.shape,
  ...workflowsConfig.shape,
  ...clientsConfig.shape,
  ...csvConfig.shape,
  ...openaiConfig.shape,
  ...twilioConfig.shape,
  ...assistantConfig.shape,
  ...graphConfig.shape,
  ...httpSigningConfig.shape,
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
 * The process's environment: the one place in src/ that reads it. Everything else takes a
 * ConfigSource (its default is this), so a test or a caller can hand in another one.
 * test/unit/process-env.test.ts fails when another file reads process.env, except the few
 * whose job that is (it lists them, with why).
 */
export function environment(): ConfigSource {
  return process.env;
}

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

/** The keys of `values` that are unset or empty. */
export function missingKeys(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([, value]) => value === undefined || value === null || value === '')
    .map(([key]) => key);
}

/**
 * `values` when every one is set; else a {@link ConfigError} naming all that are not, in the
 * one format: `missing configuration: A, B (set them in <where>)`.
 *
 * @example const { TWILIO_AUTH_TOKEN: token } = requireKeys({ TWILIO_AUTH_TOKEN: config.TWILIO_AUTH_TOKEN }, 'the secret fluxo/dev/twilio');
 */
export function requireKeys<T extends Record<string, unknown>>(values: T, where: string): { [K in keyof T]-?: NonNullable<T[K]> } {
  const missing = missingKeys(values);
  if (missing.length) throw ConfigError.missing(missing, where);
  return values as { [K in keyof T]-?: NonNullable<T[K]> };
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
