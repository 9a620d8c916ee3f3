import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigSource } from '../../shared/config.js';

/**
 * Secrets for a laptop with no Twilio account: a Twilio token and a signing secret for generated HTTP
 * functions (HTTP_SIGNING_SECRET), each generated once per FLUXO_HOME (`dev-secrets.json`, never
 * logged) unless the environment sets it, and the local webhook URL. `fluxo chat` signs its requests
 * with the token, as Twilio would with the real one.
 */
export async function devTwilioSettings(home: string | undefined, env: ConfigSource): Promise<ConfigSource> {
  const port = env.PORT ?? '3000';
  const defaults: ConfigSource = { WHATSAPP_WEBHOOK_URL: `http://localhost:${port}/webhook/whatsapp`, TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886' };
  const file = home ? path.join(home, 'dev-secrets.json') : undefined;
  const stored = file ? (JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, string | undefined>) : {};
  const secrets: Record<string, string> = {};
  let changed = false;
  for (const key of ['TWILIO_AUTH_TOKEN', 'HTTP_SIGNING_SECRET']) {
    if (env[key]) continue;
    const value = stored[key] ?? randomBytes(16).toString('hex');
    changed ||= stored[key] === undefined;
    secrets[key] = value;
  }
  if (file && changed) await writeFile(file, JSON.stringify({ ...stored, ...secrets }), { mode: 0o600 });
  return { ...defaults, ...secrets };
}
