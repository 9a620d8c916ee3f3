import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FLUXO_BIN, fluxo, startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-first-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn' };

/** `fluxo <args>` with `input` on its standard input, as `echo ... | fluxo ... -` gives it. */
function piped(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FLUXO_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the commands of the README, the first time, while fluxo dev runs', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  beforeAll(async () => {
    dev = await startDev(env);
  }, 90_000);
  afterAll(async () => dev?.stop());

  it('forwards standard input for `-`: run --input -, invoke --event -, publish client -', async () => {
    const run = await piped(['run', 'hello', '--input', '-', '--name', 'from-stdin'], '{"name":"Ana"}');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual({ greeting: 'Olá, Ana!' });
    const invoke = await piped(['invoke', 'hello_greet', '--event', '-'], readFileSync('fixtures/events/hello-greet.json', 'utf8'));
    expect(invoke.code).toBe(0);
    expect(JSON.parse(invoke.stdout)).toEqual({ greeting: 'Olá, Bruno!', loud: false });
    const publish = await piped(['publish', 'client', '-'], '{"name_costumer":"Rita Lee","email":"rita@example.com","phone":"(11) 98765-2222"}');
    expect(publish.code).toBe(0);
    expect(JSON.parse(publish.stdout)).toMatchObject({ status: 'SUCCEEDED', result: { outcome: 'created' } });
    const broken = await piped(['run', 'hello', '--input', '-'], '{oops');
    expect([broken.code, broken.stderr.trim()]).toEqual([2, 'fluxo: --input: not valid JSON']);
  }, 60_000);

  it('invoke client_ingest says what it set off: the registration it started and how it ended', async () => {
    const result = await fluxo(['invoke', 'client_ingest', '--event', path.resolve('fixtures/events/new-client-sqs.json')], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ batchItemFailures: [] });
    expect(result.stderr).toMatch(/^started client-registration\/client-\S+: SUCCEEDED -> \{.*"outcome":"created"/m);
  }, 60_000);

  it('executions: an unknown machine is one line and exit 2; show is readable, --json is the record', async () => {
    const unknown = await fluxo(['executions', 'list', '--machine', 'nosuch'], env);
    expect([unknown.code, unknown.stdout, unknown.stderr.trim()]).toEqual([2, '', 'fluxo: unknown machine nosuch: no statemachines/nosuch.asl.json']);
    const shown = await fluxo(['executions', 'show', 'hello', 'from-stdin'], env);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toBe('hello/from-stdin  SUCCEEDED');
    expect(lines).toContain('input    {"name":"Ana"}');
    expect(lines).toContain('output   {"greeting":"Olá, Ana!"}');
    expect(shown.stdout).toMatch(/ExecutionSucceeded/);
    expect(() => JSON.parse(shown.stdout) as unknown).toThrow();
    const json = JSON.parse((await fluxo(['executions', 'show', 'hello', 'from-stdin', '--json'], env)).stdout) as { status: string; events: unknown[] };
    expect(json.status).toBe('SUCCEEDED');
    expect(json.events.length).toBeGreaterThan(2);
  }, 60_000);

  it('replay csv summarizes a stored file again under a new execution name; an unknown key is one line, exit 2', async () => {
    const file = path.join(home, 'vendas.csv');
    writeFileSync(file, 'id,valor\n1,10\n2,20\n');
    expect((await fluxo(['upload', file], env)).code).toBe(0);
    const replay = await fluxo(['replay', 'csv', 'incoming/vendas.csv'], env);
    expect(replay.code).toBe(0);
    const answer = JSON.parse(replay.stdout) as { execution: string; status: string; summary: string; rows: number };
    expect(answer).toMatchObject({ execution: expect.stringMatching(/^csv-summary\/csv-replay-/), status: 'SUCCEEDED', summary: 'summarized', rows: 2 });
    const runs = JSON.parse((await fluxo(['executions', 'list', '--machine', 'csv-summary', '--json'], env)).stdout) as { name: string; status: string }[];
    expect(runs.filter((run) => run.status === 'SUCCEEDED')).toHaveLength(2);
    // The docs' name for the machine (CsvSummary) is the file's (csv-summary).
    const alias = await fluxo(['executions', 'list', '--machine', 'CsvSummary', '--json'], env);
    expect([alias.code, alias.stderr, JSON.parse(alias.stdout)]).toEqual([0, '', runs]);
    expect((await fluxo(['executions', 'show', 'CsvSummary', runs[0]?.name ?? ''], env)).stdout.split('\n')[0]).toMatch(/^csv-summary\/\S+ {2}SUCCEEDED$/);
    const unknown = await fluxo(['replay', 'csv', 'incoming/nope.csv'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'fluxo: no incoming/nope.csv in the local uploads bucket (fluxo summaries list shows the keys)']);
  }, 90_000);

  it('expenses list refuses dates that are not days of the calendar, in one line, exit 2', async () => {
    for (const [flag, value] of [['--from', '2024-13-45'], ['--to', '2023-02-29'], ['--from', '24-01-01']]) {
      const result = await fluxo(['expenses', 'list', flag as string, value as string], env);
      expect([result.code, result.stderr.trim()]).toEqual([2, `fluxo: ${flag} must be a date YYYY-MM-DD, got "${value}"`]);
    }
    const backwards = await fluxo(['expenses', 'list', '--from', '2024-03-01', '--to', '2024-02-29'], env);
    expect([backwards.code, backwards.stderr.trim()]).toEqual([2, 'fluxo: --from 2024-03-01 is after --to 2024-02-29']);
    expect((await fluxo(['expenses', 'list', '--from', '2024-02-29'], env)).code).toBe(0);
  }, 60_000);
});
