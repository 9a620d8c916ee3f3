import { databaseUrlFromSecret } from '../../src/adapters/aws/database-secret.js';
import type { SecretStore } from '../../src/ports/secret-store.js';

const store = (values: Record<string, unknown>): SecretStore => ({
  get: async (id) => {
    if (!(id in values)) throw Object.assign(new Error(`secret ${id} not found`), { name: 'NotFoundError' });
    return JSON.stringify(values[id]);
  },
  put: async () => undefined,
});

describe('databaseUrlFromSecret', () => {
  it('builds a TLS URL from an RDS-managed secret, escaping the rotated password', async () => {
    const url = await databaseUrlFromSecret(store({ 'rds!db-1': { username: 'fluxo', password: 'p@ss:w/rd#?', host: 'db.cluster.rds.amazonaws.com', port: 5432, dbname: 'fluxo' } }), 'rds!db-1');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd#?');
    expect([parsed.hostname, parsed.pathname, parsed.searchParams.get('sslmode')]).toEqual(['db.cluster.rds.amazonaws.com', '/fluxo', 'verify-full']);
  });
  it('takes host and database from config when the managed secret holds only credentials', async () => {
    const url = new URL(await databaseUrlFromSecret(store({ s: { username: 'u', password: 'p' } }), 's', { host: 'h.example', database: 'ledger' }));
    expect([url.hostname, url.pathname, url.port]).toEqual(['h.example', '/ledger', '5432']);
  });
  it('says what is missing, never the password', async () => {
    await expect(databaseUrlFromSecret(store({ s: { username: 'u', password: 'hunter2' } }), 's')).rejects.toThrow(/lacks host \(or DATABASE_HOST\)/);
    await expect(databaseUrlFromSecret(store({ s: { username: 'u', password: 'hunter2' } }), 's')).rejects.not.toThrow(/hunter2/);
    await expect(databaseUrlFromSecret(store({}), 'gone')).rejects.toMatchObject({ name: 'ConfigError' });
  });
});
