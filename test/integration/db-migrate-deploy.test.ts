import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { migrationsHash, readMigrations } from '../../src/adapters/postgres/migrate.js';
import { build } from '../../src/handlers/db_migrate.js';
import { lambdaContext } from '../../src/platform/lambda-context.js';
import { baseConfigSchema, parseConfig, type ConfigSource } from '../../src/shared/config.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { testDeps } from '../support/deps.js';

const packageHash = createRequire(import.meta.url)('../../scripts/migrations-hash.cjs') as (() => string) & { migrationsHash(dir: string): string };

/** Where CloudFormation's pre-signed ResponseURL points: the responses, as PUT. */
let server: Server;
let responseUrl = '';
const responses: { method: string; contentType: string | undefined; body: Record<string, unknown> }[] = [];
let database: TestDb;

beforeAll(async () => {
  database = await openTestDb({ migrate: false });
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      responses.push({ method: request.method ?? '', contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.drop();
});

function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>) {
  return { RequestType: requestType, ResponseURL: responseUrl, StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/fluxo-dev/1', RequestId: `r-${responses.length}`, LogicalResourceId: 'DatabaseMigrations', ResourceType: 'Custom::Migrations', ResourceProperties: { ServiceToken: 'arn:aws:lambda:...', ...properties }, ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'db_migrate-DatabaseMigrations' }) };
}

describe('db_migrate as the DatabaseMigrations custom resource (every deploy)', () => {
  // Lambda sets LAMBDA_TASK_ROOT, the function's unpacked artifact; config carries it.
  const handler = (env: ConfigSource = {}) => build(testDeps(database.db, { config: parseConfig(baseConfigSchema, env) })) as (event: unknown, context: Context) => Promise<unknown>;

  it('hashes migrations/*.sql the same at package time (scripts/migrations-hash.cjs) and in the function', async () => {
    expect(packageHash()).toBe(migrationsHash(await readMigrations()));
    expect(packageHash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('applies the migrations on Create, nothing more on the next deploy, and answers CloudFormation each time', async () => {
    const hash = packageHash();
    await handler()(event('Create', { MigrationsHash: hash, DeployId: 'a' }), lambdaContext('db_migrate'));
    const versions = (await readMigrations()).map((migration) => migration.version);
    expect(responses.at(-1)).toEqual({ method: 'PUT', contentType: '', body: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'db_migrate-DatabaseMigrations', LogicalResourceId: 'DatabaseMigrations', Data: { applied: versions.join(',') } }) });
    expect((await database.db.query<{ version: string }>('select version from schema_migrations order by version')).map((row) => row.version)).toEqual(versions);
    await handler()(event('Update', { MigrationsHash: hash, DeployId: 'b' }), lambdaContext('db_migrate'));
    expect(responses.at(-1)?.body).toMatchObject({ Status: 'SUCCESS', Data: { applied: '' } });
  });

  it('fails the deploy with the migration error (nothing of it applied), then lets the rollback through', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fluxo-task-root-'));
    cpSync('migrations', path.join(root, 'migrations'), { recursive: true });
    writeFileSync(path.join(root, 'migrations', '0099_broken.sql'), 'create table half_done (x int);\ncreate tabel oops (y int);\n');
    const broken = packageHash.migrationsHash(path.join(root, 'migrations'));
    await handler({ LAMBDA_TASK_ROOT: root })(event('Update', { MigrationsHash: broken, DeployId: 'c' }), lambdaContext('db_migrate'));
    expect(responses.at(-1)?.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/syntax error at or near "tabel"/) });
    expect(await database.db.query("select to_regclass('half_done') as t")).toEqual([{ t: null }]);
    // CloudFormation rolls back: the old properties, the function still the new one.
    await handler({ LAMBDA_TASK_ROOT: root })(event('Update', { MigrationsHash: packageHash(), DeployId: 'b' }), lambdaContext('db_migrate'));
    expect(responses.at(-1)?.body).toMatchObject({ Status: 'SUCCESS', Data: { applied: '', skipped: expect.stringContaining(broken) } });
  });

  it('does nothing on Delete (a stack deletion never drops data) and still answers', async () => {
    await handler()(event('Delete', { MigrationsHash: packageHash() }), lambdaContext('db_migrate'));
    expect(responses.at(-1)?.body).toMatchObject({ Status: 'SUCCESS' });
    expect((await database.db.query('select count(*)::int as n from schema_migrations'))[0]).toEqual({ n: (await readMigrations()).length });
  });

  it('still migrates when invoked by hand', async () => {
    const out = await handler()({}, lambdaContext('db_migrate'));
    expect(out).toEqual({ applied: [] });
  });
});
