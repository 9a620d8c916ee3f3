import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { functionList } from '../../../src/handlers/manifest.js';
import { APP_SECRETS, secretsOf } from '../../../src/handlers/wiring/app-secrets.js';
import { checkPortConfig, portConfig } from '../../../src/handlers/wiring/config-needs.js';
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
});
