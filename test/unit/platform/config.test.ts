import * as z from '../../../src/shared/zod.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { baseConfigSchema, loadConfig, parseConfig, SecretConfigCache } from '../../../src/shared/config.js';

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
});
