import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigSource } from '../../shared/config.js';

/**
 * Twilio settings for a laptop with no Twilio account: a token generated once
 * per FLUXO_HOME (`dev-secrets.json`, never logged) and the local webhook URL.
 * `fluxo chat` signs its requests with them, as Twilio would with the real ones.
 */
export async function devTwilioSettings(home: string | undefined, env: ConfigSource): Promise<ConfigSource> {
  const port = env.PORT ?? '3000';
  const defaults: ConfigSource = { WHATSAPP_WEBHOOK_URL: `http://localhost:${port}/webhook/whatsapp`, TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886' };
  if (env.TWILIO_AUTH_TOKEN) return defaults;
  const file = home ? path.join(home, 'dev-secrets.json') : undefined;
  let token: string | undefined;
  if (file) token = ((JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { TWILIO_AUTH_TOKEN?: string }).TWILIO_AUTH_TOKEN);
  if (!token) {
    token = randomBytes(16).toString('hex');
    if (file) await writeFile(file, JSON.stringify({ TWILIO_AUTH_TOKEN: token }), { mode: 0o600 });
  }
  return { ...defaults, TWILIO_AUTH_TOKEN: token };
}
