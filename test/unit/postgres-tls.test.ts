import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { PgStore } from '../../src/adapters/postgres/pg-store.js';
import { sslOptions } from '../../src/adapters/postgres/tls.js';
import { baseConfigSchema, parseConfig } from '../../src/shared/config.js';

/**
 * A server that speaks PostgreSQL's TLS upgrade (SSLRequest -> 'S') with a self-signed
 * certificate for `localhost`, then hangs up: what a database whose certificate is not
 * from the RDS CA looks like to the driver.
 */
let server: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const key = readFileSync(path.join(dir, 'key.pem'));
  const cert = readFileSync(path.join(dir, 'cert.pem'));
  server = createServer((socket) => {
    sockets.push(socket);
    socket.once('data', () => {
      socket.write('S');
      const secure = new TLSSocket(socket, { isServer: true, key, cert });
      secure.on('error', () => undefined);
      // Past the handshake the client sends its startup message: hang up as a dying server would.
      secure.once('data', () => secure.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => server.close(resolve));
});

async function connectError(sslmode: string): Promise<Error> {
  const store = PgStore.connect(`postgres://fluxo:secret@localhost:${port}/fluxo?sslmode=${sslmode}`, { max: 1 });
  try {
    await store.query('select 1');
  } catch (error) {
    return error as Error;
  } finally {
    await store.close();
  }
  throw new Error('expected the connection to fail');
}

describe('TLS to the database', () => {
  it('verifies the certificate by default: a certificate from outside the RDS CA is refused before any credential is sent', async () => {
    expect(parseConfig(baseConfigSchema, {}).DATABASE_SSLMODE).toBe('verify-full');
    const error = await connectError('verify-full');
    expect(`${(error as { code?: string }).code} ${error.message}`).toMatch(/SELF_SIGNED|self.signed|unable to verify/i);
  });

  it('encrypts without checking only when asked (no-verify): the handshake passes and the server hangs up afterwards', async () => {
    const error = await connectError('no-verify');
    expect(error.message).toMatch(/Connection terminated/);
  });

  it('trusts the Amazon RDS roots that ship with the function', () => {
    const options = sslOptions('verify-full');
    if (!options) throw new Error('verify-full must use TLS');
    const subjects = ([] as string[]).concat(options.ca as string[]).map((pem) => new X509Certificate(pem).subject);
    expect(subjects.filter((subject) => /OU=Amazon RDS\nCN=Amazon RDS /.test(subject)).length).toBeGreaterThan(20);
    expect(options.rejectUnauthorized).toBe(true);
    expect(sslOptions('disable')).toBe(false);
  });
});
