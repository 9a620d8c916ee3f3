import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { packageStage, type Template } from '../../scripts/artifacts.js';
import { describeFindings, findLinter, lintTemplate } from '../../scripts/cfn-lint.js';
import { generateFunction } from '../../src/cli/generate/generate.js';
import { namesOf } from '../../src/cli/generate/templates.js';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/io.js';
import { scheduledEvent } from '../../src/platform/aws-events.js';
import { SIGNATURE_HEADER, signBody } from '../../src/platform/request-signature.js';
import { httpEvent, sqsEvent } from '../support/events.js';

const run = promisify(execFile);
const root = process.cwd();

/** A throwaway copy of the project (node_modules linked) to generate into. */
function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-gen-'));
  for (const entry of ['bin', 'src', 'test', 'scripts', 'types', 'migrations', 'statemachines', 'serverless.yml', 'tsconfig.json', 'eslint.config.js', 'jest.config.js', 'package.json']) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The generated HTTP function's signing secret in these runs (HTTP_SIGNING_SECRET), and a body signed with it. */
const SIGNING_SECRET = 'a-signing-secret-for-tests';
const WEB_BODY = JSON.stringify({ id: 'h-1', payload: 'from a request' });

/** One function of each kind, and an event Lambda would give it. */
const FUNCTIONS = [
  { name: 'sample_task', kind: 'task', event: { id: ' t-1 ', payload: 'from a state' } },
  { name: 'sample_queue', kind: 'sqs', event: sqsEvent({ id: 'q-1', payload: 'from a queue' }) },
  { name: 'sample_web', kind: 'http', event: httpEvent({ method: 'POST', path: '/sample/web', body: WEB_BODY, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(SIGNING_SECRET, WEB_BODY) } }) },
  { name: 'sample_tick', kind: 'scheduled', event: scheduledEvent('sample-tick', { time: new Date('2026-12-07T12:00:00Z') }) },
] as const;

/** The queues something dead-letters into: a queue's redrive, an SNS subscription, a rule target, an async invoke config. */
function deadLetterTargets(resources: Template['Resources']): string[] {
  type GetAtt = { 'Fn::GetAtt': [string, string] } | undefined;
  const arns = Object.values(resources).flatMap((resource) => [
    (resource.Properties.RedrivePolicy as { deadLetterTargetArn?: GetAtt } | undefined)?.deadLetterTargetArn,
    ...((resource.Properties.Targets as { DeadLetterConfig?: { Arn: GetAtt } }[] | undefined) ?? []).map((target) => target.DeadLetterConfig?.Arn),
    (resource.Properties.DestinationConfig as { OnFailure?: { Destination: GetAtt } } | undefined)?.OnFailure?.Destination,
  ]);
  return [...new Set(arns.map((arn) => arn?.['Fn::GetAtt'][0]).filter((id): id is string => Boolean(id)))];
}

/** What the packaging bundles for a function (serverless.yml's `custom.esbuild`): the source files inside it. */
async function bundledSources(dir: string, handler: string): Promise<string[]> {
  const options = (parse(readFileSync(path.join(dir, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as { custom: { esbuild: { target: string; exclude: string[]; keepNames: boolean; minify: boolean } } }).custom.esbuild;
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [`src/handlers/${handler}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: options.target,
    minify: options.minify,
    keepNames: options.keepNames,
    external: options.exclude,
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    metafile: true,
  });
  return Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/'));
}

describe('fluxo generate function', () => {
  let dir: string;
  const written: string[] = [];

  beforeAll(async () => {
    dir = copyProject();
    for (const { name, kind } of FUNCTIONS) written.push(...(await generateFunction(dir, name, kind)));
  });

  it('writes use case, port, adapters, provider, handler, manifest entry and serverless.yml entries that pass lint, type-check, their tests and the manifest test', async () => {
    const n = namesOf('sample_queue');
    expect(written).toEqual(expect.arrayContaining(['src/workflows/sample/queue.ts', 'src/ports/sample-queue.ts', 'src/adapters/local/sample-queue.ts', 'src/adapters/aws/sample-queue.ts', 'src/handlers/wiring/sample-queue.ts', 'src/handlers/sample_queue.ts', 'test/unit/sample/queue.test.ts']));
    const handler = readFileSync(path.join(dir, 'src/handlers/sample_queue.ts'), 'utf8');
    expect(handler).toContain(`export const main = onAws({ db: pgDb, ${n.port}: ${n.provider} }, build);`);
    expect(handler).not.toMatch(/adapters\/local|\.\.\/local\//);
    expect(readFileSync(path.join(dir, 'src/handlers/manifest.ts'), 'utf8')).toContain(`sample_queue: fn({ kind: 'sqs', ports: ['db', '${n.port}'], load: () => import('./sample_queue.js') }),`);
    expect(readFileSync(path.join(dir, 'src/ports/index.ts'), 'utf8')).toContain(`  ${n.port}: SampleQueueSink;`);
    expect(readFileSync(path.join(dir, 'src/local/stack/compose.ts'), 'utf8')).toContain(`    ${n.port}: new LocalSampleQueueSink(under('sample-queue.jsonl')),`);
    expect(readFileSync(path.join(dir, 'serverless.yml'), 'utf8')).toContain('handler: src/handlers/sample_queue.main');

    const lintable = [...new Set(written)].filter((file) => file.endsWith('.ts')).map((file) => path.join(dir, file));
    await run(path.join(root, 'node_modules/.bin/eslint'), ['--no-warn-ignored', ...lintable], { cwd: dir });
    await run(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', dir], { cwd: dir });
    const tests = ['test/unit/sample/', 'test/unit/function-manifest.test.ts', 'test/unit/layers.test.ts'];
    const { stdout, stderr } = await run(process.execPath, ['--experimental-vm-modules', '--no-warnings', path.join(root, 'node_modules/jest/bin/jest.js'), '--maxWorkers=1', '--selectProjects', 'unit', '--rootDir', dir, ...tests], { cwd: dir, env: { ...process.env } });
    const output = `${stdout}${stderr}`;
    expect(output).toMatch(/Test Suites:\s+6 passed, 6 total/);
    expect(output).not.toMatch(/failed/);
  }, 600_000);

  it('packages into a template the project\'s own checks pass: every queue encrypted, every DLQ alarmed to the ops topic, cfn-lint clean', async () => {
    const { out, template } = await packageStage('dev', mkdtempSync(path.join(tmpdir(), 'fluxo-gen-sls-')), {}, dir);
    const resources = template.Resources;
    const queues = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue');
    for (const [id, queue] of queues) expect([id, queue.Properties.SqsManagedSseEnabled]).toEqual([id, true]);
    expect(deadLetterTargets(resources)).toEqual(expect.arrayContaining(['SampleQueueDeadLetterQueue', 'SampleTickScheduleDLQ']));
    for (const [id, queue] of queues) {
      if (!deadLetterTargets(resources).includes(id)) {
        expect([id, queue.Properties.RedrivePolicy]).toEqual([id, expect.anything()]);
        continue;
      }
      const alarm = Object.values(resources).find((resource) => resource.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(resource.Properties.Dimensions).includes(`"${id}"`));
      expect([id, alarm?.Properties]).toEqual([id, expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'OpsTopic' }] })]);
    }
    const linter = findLinter();
    if (!linter) {
      console.log('cfn-lint: no linter on this machine (set CFN_LINT); the generated template was not linted');
      return;
    }
    const errors = (await lintTemplate(linter, path.join(out, 'cloudformation-template-update-stack.json'))).filter((finding) => finding.error);
    expect(describeFindings(errors)).toBe('');
  }, 600_000);

  it.each(FUNCTIONS.map((spec) => [spec.name, spec.kind]))('bundles %s (%s) as the packaging does: its AWS adapter in, no local adapter and no src/local', async (name) => {
    const sources = await bundledSources(dir, name);
    expect(sources).toEqual(expect.arrayContaining([`src/handlers/${name}.ts`, `src/handlers/wiring/${namesOf(name).kebab}.ts`, `src/adapters/aws/${namesOf(name).kebab}.ts`]));
    expect(sources.filter((source) => source.startsWith('src/adapters/local/') || source.startsWith('src/local/'))).toEqual([]);
  }, 120_000);

  it('fails on AWS, as bundled, with a NotImplementedError naming the adapter file to write', async () => {
    await bundledSources(dir, 'sample_task');
    const script = `const { main } = await import(${JSON.stringify(path.join(dir, 'out/sample_task.mjs'))}); try { await main({ id: 't-9' }, { functionName: 'sample_task', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30000 }); console.log('no error'); } catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', STAGE: 'dev', LOG_LEVEL: 'silent' } });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({ name: 'NotImplementedError', message: 'sample_task: AwsSampleTaskSink.accept is not written yet (src/adapters/aws/sample-task.ts); item t-9 was not delivered' });
  }, 120_000);

  it('runs each with `fluxo invoke` on its local adapter, which keeps what it accepted in the data folder', async () => {
    const home = path.join(dir, '.fluxo');
    const env = { ...process.env, FLUXO_HOME: home, DATABASE_URL: '', LOG_LEVEL: 'silent', HTTP_SIGNING_SECRET: SIGNING_SECRET };
    for (const { name, event } of FUNCTIONS) {
      const file = path.join(dir, `${name}.event.json`);
      writeFileSync(file, JSON.stringify(event));
      const { stdout } = await run(process.execPath, ['bin/fluxo.js', 'invoke', name, '--event', file], { cwd: dir, env });
      const lines = readFileSync(path.join(home, `${namesOf(name).kebab}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
      expect([name, lines]).toEqual([name, [expect.objectContaining({ id: expect.any(String) })]]);
      if (name === 'sample_task') {
        expect(JSON.parse(stdout)).toEqual({ id: 't-1', accepted: true });
        expect(lines).toEqual([{ key: 't-1', id: 't-1', payload: 'from a state' }]);
      }
      if (name === 'sample_queue') expect(JSON.parse(stdout)).toEqual({ batchItemFailures: [] });
      if (name === 'sample_web') expect(JSON.parse((JSON.parse(stdout) as { body: string }).body)).toEqual({ id: 'h-1', accepted: true });
    }
  }, 300_000);

  it('has one effect for an SQS message processed twice, refuses an event of another shape, and an unsigned HTTP request', async () => {
    const home = path.join(dir, '.fluxo-twice');
    const env = { ...process.env, FLUXO_HOME: home, DATABASE_URL: '', LOG_LEVEL: 'silent', HTTP_SIGNING_SECRET: SIGNING_SECRET };
    const write = (name: string, event: unknown) => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(event));
      return file;
    };
    const message = write('twice.event.json', sqsEvent({ id: 'q-2', payload: 'again' }));
    for (let time = 0; time < 2; time++) await run(process.execPath, ['bin/fluxo.js', 'invoke', 'sample_queue', '--event', message], { cwd: dir, env });
    expect(readFileSync(path.join(home, 'sample-queue.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    const refused = (file: string, name: string) => run(process.execPath, ['bin/fluxo.js', 'invoke', name, '--event', file], { cwd: dir, env }).then(() => 'accepted', (error: { code?: number; stderr?: string }) => `${error.code}: ${error.stderr?.trim()}`);
    await expect(refused(write('bare.event.json', { id: 'q-3', payload: 'not an SQS event' }), 'sample_queue')).resolves.toBe('2: fluxo: sample_queue is an SQS function: its event must be an SQS event, {"Records":[{"messageId":"m-1","body":"<the message as JSON text>"}]}');
    const unsigned = write('unsigned.event.json', httpEvent({ method: 'POST', path: '/sample/web', json: { id: 'h-2', payload: 'x' } }));
    const { stdout } = await run(process.execPath, ['bin/fluxo.js', 'invoke', 'sample_web', '--event', unsigned], { cwd: dir, env });
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 403 });
    // The queue is in the local topology, as serverless.yml's: npm start feeds the function from it.
    expect(readFileSync(path.join(dir, 'src/local/stack/topology.ts'), 'utf8')).toContain("{ name: 'SampleQueueQueue', consumer: 'sample_queue', settings: { maxReceiveCount: 3, deadLetterQueue: 'SampleQueueDeadLetterQueue'");
  }, 300_000);

  it("puts a flow's use case in its existing folder: client_notify goes to src/workflows/clients, as client_ingest", async () => {
    const copy = copyProject();
    const files = await generateFunction(copy, 'client_notify', 'sqs');
    expect(files).toEqual(expect.arrayContaining(['src/workflows/clients/notify.ts', 'test/unit/clients/notify.test.ts']));
    expect(existsSync(path.join(copy, 'src/workflows/client'))).toBe(false);
  });

  it('validates a scheduled event with its schema like the other kinds: a blank id is refused and nothing accepted', async () => {
    const home = path.join(dir, '.fluxo-refused');
    const file = path.join(dir, 'blank-tick.event.json');
    writeFileSync(file, JSON.stringify({ ...scheduledEvent('sample-tick', { time: new Date('2026-12-07T12:00:00Z') }), id: '  ' }));
    const failed = await run(process.execPath, ['bin/fluxo.js', 'invoke', 'sample_tick', '--event', file], { cwd: dir, env: { ...process.env, FLUXO_HOME: home, DATABASE_URL: '', LOG_LEVEL: 'silent' } }).then(
      () => undefined,
      (error: { stderr?: string; stdout?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(failed).toContain('invalid event: id');
    expect(existsSync(path.join(home, 'sample-tick.jsonl'))).toBe(false);
  }, 120_000);

  it('touches nothing when a marker is gone, and says which', async () => {
    const copy = copyProject();
    const compose = path.join(copy, 'src/local/stack/compose.ts');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('// fluxo:local-adapters', '// (marker removed)'));
    const manifestBefore = readFileSync(path.join(copy, 'src/handlers/manifest.ts'), 'utf8');
    await expect(generateFunction(copy, 'sample_thing', 'task')).rejects.toThrow('src/local/stack/compose.ts has no "// fluxo:local-adapters" marker; add it back where generated entries go');
    expect(readFileSync(path.join(copy, 'src/handlers/manifest.ts'), 'utf8')).toBe(manifestBefore);
    expect(() => readFileSync(path.join(copy, 'src/ports/sample-thing.ts'))).toThrow();
  });

  it('refuses a name that is not <flow>_<what> with exit code 2 and one line', async () => {
    const io = captureIo();
    expect(await runCli(['generate', 'function', 'SampleThing', '--kind', 'sqs', '--root', copyProject()], { io })).toBe(2);
    expect(io.stderr).toEqual(['fluxo: invalid function name SampleThing: use snake_case <flow>_<what>, e.g. billing_import']);
  });

  it.each([
    ['to_string', 'toString'],
    ['has_own_property', 'hasOwnProperty'],
    ['value_of', 'valueOf'],
    ['is_prototype_of', 'isPrototypeOf'],
  ])('refuses %s (%s, a key of every JS object) with exit code 2 and one line, writing nothing', async (name, key) => {
    const copy = copyProject();
    const ports = readFileSync(path.join(copy, 'src/ports/index.ts'), 'utf8');
    const io = captureIo();
    expect(await runCli(['generate', 'function', name, '--kind', 'task', '--root', copy], { io })).toBe(2);
    expect(io.stderr).toEqual([`fluxo: invalid function name ${name}: ${key} is a property of every JS object (Object.prototype); pick another name`]);
    expect(readFileSync(path.join(copy, 'src/ports/index.ts'), 'utf8')).toBe(ports);
  });

  it('refuses a name too long to deploy (IAM role names: 64 characters), naming the limit and the stage length it assumes', async () => {
    const copy = copyProject();
    // fluxo-<10-character stage>-<fn>-ap-southeast-2: 32 characters of function name fit, 33 do not.
    const fits = `billing_${'x'.repeat(24)}`;
    const long = `${fits}x`;
    const io = captureIo();
    expect(await runCli(['generate', 'function', long, '--kind', 'sqs', '--root', copy], { io })).toBe(2);
    expect(io.stderr).toEqual([`fluxo: function name ${long} too long to deploy: its IAM role name (fluxo-<stage>-${long}-<region>) would pass the 64-character limit with a stage name of 10 characters in ap-southeast-2; use at most 32 characters`]);
    expect(await generateFunction(copy, fits, 'sqs')).toContain(`src/handlers/${fits}.ts`);
  });

  it.each([['a missing folder', 'missing'], ['a folder that is not the project root', 'src']])('refuses %s as --root with exit code 2 and one line', async (_label, sub) => {
    const copy = copyProject();
    const io = captureIo();
    expect(await runCli(['generate', 'function', 'billing_import', '--kind', 'task', '--root', path.join(copy, sub)], { io })).toBe(2);
    expect(io.stderr).toEqual([`fluxo: not a fluxo project: ${path.join(copy, sub)} (no src/ports/index.ts); run it at the project root or pass --root`]);
  });
});
