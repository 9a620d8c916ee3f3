import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { DataApiStore } from '../../src/adapters/aws/data-api-store.js';
import { PgStore } from '../../src/adapters/postgres/pg-store.js';
import { PgliteStore } from '../../src/adapters/postgres/pglite-store.js';
import { startDataApiServer } from '../support/data-api-server.js';
import { relationalStoreContract, type ContractTarget } from '../support/relational-contract.js';

const url = process.env.TEST_DATABASE_URL;

/** A fresh schema on the test server. */
async function schemaOn(server: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `c_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    schema,
    async drop() {
      const cleanup = new pg.Client({ connectionString: server });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
    },
  };
}

if (url) {
  relationalStoreContract('pg on PostgreSQL', async (): Promise<ContractTarget> => {
    const { schema, drop } = await schemaOn(url);
    const store = PgStore.connect(url, { searchPath: schema });
    const seconds: PgStore[] = [];
    return {
      store,
      second: () => {
        const second = PgStore.connect(url, { searchPath: schema });
        seconds.push(second);
        return second;
      },
      async drop() {
        await store.close();
        await drop();
      },
    };
  });

  // The RDS Data API adapter, through @aws-sdk/client-rds-data, against the local stand-in on the same server.
  relationalStoreContract('Data API (local stand-in on PostgreSQL)', async (): Promise<ContractTarget> => {
    const { schema, drop } = await schemaOn(url);
    const server = await startDataApiServer(url, { searchPath: schema });
    const target = { resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:fluxo-test', secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-test', database: 'test' };
    const settings = { region: 'us-east-1', endpoint: server.endpoint };
    const store = DataApiStore.connect(settings, target);
    return {
      store,
      second: () => DataApiStore.connect(settings, target),
      async drop() {
        await store.close();
        await server.close();
        await drop();
      },
    };
  });
} else {
  relationalStoreContract('pg on PGlite', async (): Promise<ContractTarget> => {
    const store = await PgliteStore.open();
    return { store, second: () => store, drop: () => store.close() };
  });
  it.skip('Data API contract: needs TEST_DATABASE_URL (the stand-in runs on PostgreSQL)', () => undefined);
}
