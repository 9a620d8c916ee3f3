import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { functionList } from '../../../src/handlers/manifest.js';
import { APP_SECRETS, secretsOf } from '../../../src/handlers/wiring/app-secrets.js';
import { checkPortConfig, ownConfig, pickConfig, portConfig } from '../../../src/handlers/wiring/config-needs.js';
import { manifest } from '../../../src/handlers/manifest.js';
import { onAws } from '../../../src/handlers/compose.js';
import { sfnWorkflows } from '../../../src/handlers/wiring/workflows.js';
import { baseConfigSchema, missingKeys, parseConfig, requireKeys } from '../../../src/shared/config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
};

describe('missing configuration', () => {
  it('names every unset or empty key in one line, in one format, and never a value', () => {
    expect(missingKeys({ A: 'x', B: undefined, C: '', D: 0 })).toEqual(['B', 'C']);
    expect(requireKeys({ A: 'secret-a', B: 'secret-b' }, 'nowhere')).toEqual({ A: 'secret-a', B: 'secret-b' });
    const error = thrown(() => requireKeys({ A: 'secret-a', B: undefined, C: '' }, 'the secret fluxo/dev/x'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('missing configuration: B, C (set them in the secret fluxo/dev/x)');
    expect((error as ConfigError).keys).toEqual(['B', 'C']);
  });

  it('checks at composition every key the ports need, all of them at once', () => {
    const bare = parseConfig(baseConfigSchema, { STAGE: 'dev', TWILIO_ACCOUNT_SID: 'AC-secret-sid' });
    const error = thrown(() => checkPortConfig(bare, ['objects', 'model', 'messages', 'media', 'workflows']));
    expect(error.message).toBe("missing configuration: OPENAI_API_KEY, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM, STATE_MACHINE_ARN_PREFIX (set them in the secret fluxo/dev/openai, the secret fluxo/dev/twilio, the function's environment, serverless.yml's provider.environment)");
    expect(error.message).not.toContain('AC-secret-sid');
    // Ports that need no setting, and ports whose settings are there, pass.
    expect(() => checkPortConfig(bare, ['objects', 'queues', 'kv'])).not.toThrow();
    const set = parseConfig(baseConfigSchema, { STAGE: 'dev', OPENAI_API_KEY: 'sk-x', STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:us-east-1:1:stateMachine:fluxo-dev-' });
    expect(() => checkPortConfig(set, ['model', 'transcriber', 'workflows', 'history'])).not.toThrow();
  });

  it('finds each key a function needs in what serverless.yml gives it: its environment or a secret it may read', () => {
    const sls = parse(readFileSync('serverless.yml', 'utf8'), { logLevel: 'error', merge: true, maxAliasCount: -1 }) as { provider: { environment: Record<string, unknown> }; functions: Record<string, { environment?: Record<string, unknown> }> };
    const found: string[] = [];
    for (const spec of functionList.filter((item) => item.name !== 'hello_greet')) {
      const inSecrets = Object.keys(secretsOf(spec.name, spec.ports)).flatMap((secret) => APP_SECRETS[secret as keyof typeof APP_SECRETS]) as string[];
      const inEnvironment = [...Object.keys(sls.provider.environment), ...Object.keys(sls.functions[spec.name]?.environment ?? {})];
      for (const port of spec.ports) for (const key of portConfig[port]?.keys ?? []) if (!inSecrets.includes(key) && !inEnvironment.includes(key)) found.push(`${spec.name}: uses ${port}, which needs ${key}, and nothing gives it`);
    }
    expect(found).toEqual([]);
  });

  it("gives each function a config of its own ports' and use case's settings only: no other module's secret", () => {
    const stage = parseConfig(baseConfigSchema, { STAGE: 'dev', TWILIO_ACCOUNT_SID: 'AC-sid', TWILIO_AUTH_TOKEN: 'twilio-token', TWILIO_WHATSAPP_FROM: 'whatsapp:+1', WHATSAPP_WEBHOOK_URL: 'https://x.example/webhook/whatsapp', OPENAI_API_KEY: 'sk-secret', GRAPH_CLIENT_SECRET: 'graph-secret', DATABASE_URL: 'postgres://u:p@h/db', CSV_WORK_BUCKET: 'work', STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:us-east-1:1:stateMachine:fluxo-dev-' });
    const of = (name: keyof typeof manifest) => pickConfig(stage, manifest[name].ports, manifest[name].settings) as Record<string, unknown>;
    expect(Object.keys(of('csv_inspect')).filter((key) => /TWILIO|OPENAI|GRAPH|DATABASE/.test(key))).toEqual([]);
    expect(of('csv_inspect')).toMatchObject({ STAGE: 'dev', CSV_WORK_BUCKET: 'work', CSV_CHUNK_BYTES: 16 * 1024 * 1024 });
    expect(of('assistant_send_reply')).toMatchObject({ TWILIO_AUTH_TOKEN: 'twilio-token', MEDIA_BUCKET: 'fluxo-media' });
    expect(Object.keys(of('assistant_send_reply')).filter((key) => /OPENAI|GRAPH|DATABASE|CSV|WEBHOOK/.test(key))).toEqual([]);
    expect(Object.keys(of('assistant_respond')).filter((key) => /TWILIO|GRAPH|DATABASE/.test(key))).toEqual([]);
    expect(Object.keys(of('whatsapp_webhook')).filter((key) => /TWILIO|WEBHOOK|OPENAI|DATABASE/.test(key)).sort()).toEqual(['TWILIO_AUTH_TOKEN', 'WHATSAPP_WEBHOOK_URL']);
    expect(Object.keys(of('client_ingest')).filter((key) => /TWILIO|OPENAI|GRAPH/.test(key))).toEqual([]);
    expect(of('client_ingest')).toMatchObject({ DATABASE_URL: 'postgres://u:p@h/db' });
    expect(() => ownConfig(stage, manifest.whatsapp_webhook.ports, manifest.whatsapp_webhook.settings)).not.toThrow();
  });

  it("checks the webhook's Twilio keys at cold start, all in one line with no value, before any request is handled", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { STAGE: 'dev', STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:us-east-1:1:stateMachine:fluxo-dev-', TWILIO_ACCOUNT_SID: 'AC-secret-sid' });
    delete process.env.TWILIO_AUTH_TOKEN;
    delete process.env.WHATSAPP_WEBHOOK_URL;
    delete process.env.FLUXO_SECRET_IDS;
    delete process.env.FLUXO_SECRET_ID;
    let built = 0;
    try {
      const main = onAws({ workflows: sfnWorkflows }, () => { built++; return async () => 'handled'; }, manifest.whatsapp_webhook.settings);
      const error = await main({}, {} as never).then(() => new Error('did not throw'), (thrownError: unknown) => thrownError as Error);
      expect(error.message).toBe('missing configuration: TWILIO_AUTH_TOKEN, WHATSAPP_WEBHOOK_URL (set them in the secret fluxo/dev/twilio)');
      expect(built).toBe(0);
    } finally {
      process.env = saved;
    }
  });
});
