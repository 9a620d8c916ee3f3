import { ConfigError } from '../../shared/errors.js';
import type { SecretStore } from '../../ports/secret-store.js';

/** What an RDS-managed (or RDS-shaped) Secrets Manager secret holds. */
interface RdsSecret {
  username?: string;
  password?: string;
  host?: string;
  port?: number | string;
  dbname?: string;
  database?: string;
}

/**
 * A PostgreSQL URL from an RDS-managed secret: RDS rotates the password in the
 * secret, so the URL is built from it at connection time, never kept in config.
 * `host` and `dbname` may come from config when the managed secret has only the
 * credentials (RDS's `manage-master-user-password` secrets hold username/password).
 */
export async function databaseUrlFromSecret(secrets: SecretStore, secretId: string, defaults: { host?: string; port?: string; database?: string; sslmode?: string } = {}): Promise<string> {
  let parsed: RdsSecret;
  try {
    parsed = JSON.parse(await secrets.get(secretId)) as RdsSecret;
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') throw new ConfigError(['DATABASE_SECRET_ID'], 'the database secret does not exist');
    throw error;
  }
  const host = parsed.host ?? defaults.host;
  const database = parsed.dbname ?? parsed.database ?? defaults.database ?? 'postgres';
  const missing = [!parsed.username && 'username', !parsed.password && 'password', !host && 'host (or DATABASE_HOST)'].filter(Boolean) as string[];
  if (missing.length) throw new ConfigError(['DATABASE_SECRET_ID'], `the database secret lacks ${missing.join(', ')}`);
  const url = new URL(`postgres://${host}:${parsed.port ?? defaults.port ?? 5432}/${encodeURIComponent(database)}`);
  url.username = encodeURIComponent(parsed.username ?? '');
  url.password = encodeURIComponent(parsed.password ?? '');
  // Verified against the RDS CA bundle shipped with the function unless the stage opts out (src/adapters/postgres/tls.ts).
  url.searchParams.set('sslmode', defaults.sslmode ?? 'verify-full');
  return url.toString();
}
