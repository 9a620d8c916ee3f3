import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SecretsManagerStore } from '../../src/adapters/aws/secrets-manager.js';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/io.js';

const server = process.env.TEST_DATABASE_URL;
const secrets = new SecretsManagerStore({ region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT });

// Needs a PostgreSQL server (the jest global setup sets TEST_DATABASE_URL when 127.0.0.1:5432 answers): it creates databases.
(server ? describe : describe.skip)('fluxo migrate --stage (stage secret -> RDS-managed secret -> database)', () => {
  const database = `fluxo_stage_${randomUUID().slice(0, 8)}`;
  const stage = `t${randomUUID().slice(0, 6)}`;
  const admin = () => new pg.Client({ connectionString: server });
  const previous = process.env.AWS_ENDPOINT_URL;

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`create database ${database}`);
    await client.end();
    const url = new URL(server ?? '');
    // The shape RDS gives a managed secret, plus what the stage secret says about the database.
    await secrets.client.send(new CreateSecretCommand({ Name: `rds!db-${stage}`, SecretString: JSON.stringify({ username: decodeURIComponent(url.username) || 'postgres', password: decodeURIComponent(url.password) || 'unused' }) }));
    await secrets.client.send(
      new CreateSecretCommand({ Name: `fluxo/${stage}`, SecretString: JSON.stringify({ DATABASE_SECRET_ID: `rds!db-${stage}`, DATABASE_HOST: url.hostname, DATABASE_NAME: database, DATABASE_SSLMODE: 'disable', OPENAI_API_KEY: 'sk-not-printed' }) }),
    );
    process.env.AWS_ENDPOINT_URL = process.env.MOTO_ENDPOINT;
  });
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL = previous;
    const client = admin();
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`);
    await client.end();
  });

  it('applies the migrations to the stage database once, and says so without printing secrets', async () => {
    const first = captureIo();
    expect(await runCli(['migrate', '--stage', stage], { io: first })).toBe(0);
    expect(first.stdout.join('\n')).toMatch(new RegExp(`^stage ${stage}: applied 0001_`));
    const second = captureIo();
    expect(await runCli(['migrate', '--stage', stage], { io: second })).toBe(0);
    expect(second.stdout).toEqual([`stage ${stage}: database is up to date`]);
    const client = new pg.Client({ connectionString: Object.assign(new URL(server ?? ''), { pathname: `/${database}` }).toString() });
    await client.connect();
    const { rows } = await client.query<{ count: string }>("select count(*) from information_schema.tables where table_name = 'clients'");
    await client.end();
    expect(rows[0]?.count).toBe('1');
    expect([...first.stdout, ...first.stderr].join('\n')).not.toContain('sk-not-printed');
  });

  it('names the missing piece when the stage secret does not exist', async () => {
    const io = captureIo();
    expect(await runCli(['migrate', '--stage', 'no-such-stage'], { io })).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/^fluxo: secret fluxo\/no-such-stage not found$/);
  });
});
