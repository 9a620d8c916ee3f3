import * as z from '../../../src/shared/zod.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { baseConfigSchema, loadConfig, localCsvConfig, parseConfig, SecretConfigCache } from '../../../src/shared/config.js';

describe('config', () => {
  it('fails at init naming every bad key and no value', () => {
    const schema = z.extend(baseConfigSchema, { TWILIO_AUTH_TOKEN: z.string().check(z.minLength(32)), OPENAI_API_KEY: z.string().check(z.startsWith('sk-')) });
    let error: unknown;
    try {
      parseConfig(schema, { DATABASE_URL: 'mysql://secret-password@db', TWILIO_AUTH_TOKEN: 'short-secret-value', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect((error as ConfigError).keys.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'OPENAI_API_KEY', 'TWILIO_AUTH_TOKEN']);
    for (const value of ['secret-password', 'short-secret-value', 'loud']) expect(message).not.toContain(value);
  });

  it('applies defaults', () => {
    expect(parseConfig(baseConfigSchema, {})).toMatchObject({ STAGE: 'local', AWS_REGION: 'us-east-1', LOG_LEVEL: 'info', DEFAULT_PHONE_REGION: 'BR' });
  });

  it('reads the stage secret once per TTL and lets it override the environment', async () => {
    let now = 0;
    let calls = 0;
    const cache = new SecretConfigCache(async () => {
      calls += 1;
      return JSON.stringify({ LOG_LEVEL: calls === 1 ? 'debug' : 'warn' });
    }, () => now);
    const env = { FLUXO_SECRET_ID: 'fluxo/dev', SECRET_TTL_SECONDS: '60', LOG_LEVEL: 'info' };
    expect((await loadConfig(baseConfigSchema, env, { cache })).LOG_LEVEL).toBe('debug');
    now = 59_000;
    expect((await loadConfig(baseConfigSchema, env, { cache })).LOG_LEVEL).toBe('debug');
    now = 61_000;
    expect((await loadConfig(baseConfigSchema, env, { cache })).LOG_LEVEL).toBe('warn');
    expect(calls).toBe(2);
  });

  it('reads exactly the secrets FLUXO_SECRET_IDS names, each once, and nothing when it names none', async () => {
    const stored: Record<string, object> = {
      'fluxo/dev/graph': { GRAPH_CLIENT_ID: 'app', GRAPH_WORKBOOK_PATH: 'gastos.xlsx' },
      'fluxo/dev/graph-token': { GRAPH_REFRESH_TOKEN: 'rt-1' },
      'fluxo/dev/twilio': { TWILIO_AUTH_TOKEN: 'never-read-here' },
    };
    const read: string[] = [];
    const cache = new SecretConfigCache(async (id) => {
      read.push(id);
      return JSON.stringify(stored[id]);
    });
    const config = await loadConfig(baseConfigSchema, { FLUXO_SECRET_IDS: 'fluxo/dev/graph, fluxo/dev/graph-token' }, { cache });
    expect(config).toMatchObject({ GRAPH_CLIENT_ID: 'app', GRAPH_WORKBOOK_PATH: 'gastos.xlsx', GRAPH_REFRESH_TOKEN: 'rt-1' });
    expect(config.TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(read.sort()).toEqual(['fluxo/dev/graph', 'fluxo/dev/graph-token']);
    await loadConfig(baseConfigSchema, { CSV_LARGE_BYTES: '1000' }, { cache });
    expect(read).toHaveLength(2);
  });

  it('rejects a secret that is not a JSON object without echoing it', async () => {
    const cache = new SecretConfigCache(async () => 'not-json-topsecret');
    await expect(loadConfig(baseConfigSchema, { FLUXO_SECRET_ID: 'fluxo/dev' }, { cache })).rejects.toThrow(/fluxo\/dev.*not a JSON object/);
    await expect(loadConfig(baseConfigSchema, { FLUXO_SECRET_ID: 'fluxo/dev' }, { cache })).rejects.not.toThrow(/topsecret/);
  });

  it("reads fluxo summarize's worker settings once: defaults, whole numbers, and one line naming the key for a bad value", () => {
    expect(localCsvConfig({})).toEqual({ FLUXO_CSV_WORKERS: undefined, FLUXO_CSV_PARALLEL_MIN_BYTES: 32 * 1024 * 1024 });
    expect(localCsvConfig({ FLUXO_CSV_WORKERS: '', FLUXO_CSV_PARALLEL_MIN_BYTES: '' })).toEqual({ FLUXO_CSV_WORKERS: undefined, FLUXO_CSV_PARALLEL_MIN_BYTES: 32 * 1024 * 1024 });
    expect(localCsvConfig({ FLUXO_CSV_WORKERS: '3', FLUXO_CSV_PARALLEL_MIN_BYTES: '1' })).toEqual({ FLUXO_CSV_WORKERS: 3, FLUXO_CSV_PARALLEL_MIN_BYTES: 1 });
    const failure = (env: Record<string, string>) => {
      try {
        localCsvConfig(env);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const workers of ['two', '0', '9', '1.5', '-1']) {
      const error = failure({ FLUXO_CSV_WORKERS: workers });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe('invalid configuration: FLUXO_CSV_WORKERS (FLUXO_CSV_WORKERS: must be a whole number from 1 to 8)');
    }
    expect((failure({ FLUXO_CSV_PARALLEL_MIN_BYTES: '32MB' }) as Error).message).toBe('invalid configuration: FLUXO_CSV_PARALLEL_MIN_BYTES (FLUXO_CSV_PARALLEL_MIN_BYTES: must be a whole number of bytes)');
  });
});
