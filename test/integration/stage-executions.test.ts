import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StageExecutions } from '../../src/adapters/aws/sfn-stage.js';
import { FLUXO_BIN } from '../support/cli.js';
import { devStage } from '../support/sfn-stage-fixture.js';
import type { SfnStandIn } from '../support/sfn-stand-in.js';

let standIn: SfnStandIn;
let env: Record<string, string>;

/** `fluxo <args>` as a whole process, with `stdin` typed in. */
function fluxo(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FLUXO_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The SDK's notice about Node 22 is not this command's output.
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr: stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?\(Use `node --trace-warnings[^\n]*\n?/g, '') }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  standIn = devStage();
  const endpoint = await standIn.start();
  // Nothing else points the SDK here: only the service-specific endpoint variable.
  env = { AWS_ENDPOINT_URL_SFN: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', FLUXO_HOME: mkdtempSync(path.join(tmpdir(), 'fluxo-stage-')) };
});

afterAll(async () => standIn?.stop());

beforeEach(() => {
  standIn.denied.clear();
  standIn.throttled.clear();
  standIn.calls.length = 0;
});

describe('fluxo executions --stage', () => {
  it("lists the stage's executions across pages, newest first, and nothing of other stages or applications", async () => {
    standIn.listPage = 1;
    const result = await fluxo(['executions', 'list', '--stage', 'dev', '--json']);
    standIn.listPage = 2;
    expect([result.code, result.stderr]).toEqual([0, '']);
    const rows = JSON.parse(result.stdout) as { machine: string; name: string; status: string }[];
    expect(rows.map((row) => `${row.machine}/${row.name}:${row.status}`)).toEqual(['client-registration/msg-4711:RUNNING', 'csv-summary/huge-csv-1:FAILED', 'csv-summary/sales-csv-1:SUCCEEDED']);
    // One execution per page: csv-summary's two took two ListExecutions calls, each other machine one.
    expect(standIn.calls.filter((call) => call === 'ListExecutions').length).toBeGreaterThanOrEqual(4);
  });

  it('filters by status, machine and start date', async () => {
    const failed = await fluxo(['executions', 'list', '--stage', 'dev', '--status', 'failed']);
    expect(failed.stdout.trim().split('\n')).toEqual(['2026-12-07T11:00:00.000Z  FAILED     csv-summary/huge-csv-1']);
    const recent = await fluxo(['executions', 'list', '--stage', 'dev', '--machine', 'csv-summary', '--since', '2026-12-07T10:30:00Z', '--json']);
    expect((JSON.parse(recent.stdout) as { name: string }[]).map((row) => row.name)).toEqual(['huge-csv-1']);
    const bad = await fluxo(['executions', 'list', '--stage', 'dev', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('shows an execution with its whole history read through short pages, failures as retried, caught or failed', async () => {
    const result = await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev', '--json']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const shown = JSON.parse(result.stdout) as { status: string; error: string; events: { id: number; type: string; stateName?: string; error?: string }[]; children: { name: string; status: string; state: string }[]; mapRuns: unknown[] };
    expect(shown).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    // 30 events, 7 a page: every page read.
    expect(shown.events.map((event) => event.id)).toEqual(Array.from({ length: shown.events.length }, (_, index) => index + 1));
    expect(standIn.calls.filter((call) => call === 'GetExecutionHistory').length).toBe(Math.ceil(shown.events.length / 7));
    const caught = shown.events.find((event) => event.type === 'StateCaught');
    expect(caught).toMatchObject({ stateName: 'SummarizeHugeChunks', error: 'States.ExceedToleratedFailureThreshold' });
    expect(shown.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName)).toEqual(['InspectFile', 'IsLargeFile', 'PlanHugeChunks', 'SummarizeHugeChunks', 'RecordFailure']);
    expect(shown.events.find((event) => event.type === 'StateFailed')).toMatchObject({ stateName: 'SummaryFailed', error: 'States.ExceedToleratedFailureThreshold' });
    expect(shown.events.find((event) => event.type === 'MapRunStarted')).toMatchObject({ stateName: 'SummarizeHugeChunks' });
    expect(shown.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', error: 'States.ExceedToleratedFailureThreshold' });
    expect(shown.children.map(({ name, state, status }) => ({ name, state, status }))).toEqual([
      { name: 'chunk-0-7c1d', state: 'SummarizeHugeChunks', status: 'SUCCEEDED' },
      { name: 'chunk-1-7c1d', state: 'SummarizeHugeChunks', status: 'FAILED' },
      { name: 'chunk-2-7c1d', state: 'SummarizeHugeChunks', status: 'SUCCEEDED' },
    ]);
  });

  it("opens a Distributed Map child by the ARN its parent lists: no history (Express), its parent, error and log group", async () => {
    const parent = await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev']);
    const arn = /child chunk-1-7c1d\s+FAILED\s+\(SummarizeHugeChunks\)\s+(\S+)/.exec(parent.stdout)?.[1] ?? '';
    expect(arn).toMatch(/:express:fluxo-dev-csv-summary\//);
    standIn.calls.length = 0;
    const child = await fluxo(['executions', 'show', 'csv-summary', arn, '--stage', 'dev']);
    expect([child.code, child.stderr]).toEqual([0, '']);
    expect(child.stdout).toContain('child of huge-csv-1 (Distributed Map SummarizeHugeChunks)');
    expect(child.stdout).toContain('ValidationError: line 12: unterminated quote');
    expect(child.stdout).toMatch(/Express execution: Step Functions keeps no history for it; its events are in the log group \/aws\/vendedlogs\/states\/fluxo-dev-csv-summary/);
    expect(standIn.calls).not.toContain('GetExecutionHistory');
    // Redriven only through its parent: one line, nothing sent.
    const redrive = await fluxo(['executions', 'redrive', 'csv-summary', arn, '--stage', 'dev', '--yes']);
    expect([redrive.code, redrive.stderr.trim()]).toEqual([2, 'fluxo: chunk-1-7c1d is an Express child of a Distributed Map: redrive its parent (fluxo executions redrive csv-summary huge-csv-1 --stage dev), which runs the failed children again']);
    expect(standIn.calls).not.toContain('RedriveExecution');
  });

  it('prints the history as text by default, the retried Lambda attempt included', async () => {
    const result = await fluxo(['executions', 'show', 'csv-summary', 'sales-csv-1', '--stage', 'dev']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^csv-summary\/sales-csv-1: SUCCEEDED/);
    expect(result.stdout).toMatch(/StateRetried\s+InspectFile \(Task\)\s+attempt 1\s+TransientError/);
    expect(result.stdout).toMatch(/LambdaFunctionSucceeded\s+StoreSummary \(Task\)/);
    expect(result.stdout).toMatch(/ExecutionSucceeded/);
  });

  it('an unknown execution or machine is one line and exit code 2', async () => {
    const unknown = await fluxo(['executions', 'show', 'csv-summary', 'no-such-run', '--stage', 'dev']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual(['fluxo: no execution csv-summary/no-such-run in stage dev (fluxo-dev-csv-summary)']);
    const machine = await fluxo(['executions', 'show', 'invoices', 'x', '--stage', 'dev']);
    expect(machine.code).toBe(2);
    expect(machine.stderr).toMatch(/^fluxo: no machine invoices in stage dev/);
    expect(machine.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("a mistyped stage is one line and exit code 2, not an empty list; the docs' machine name is taken as locally", async () => {
    for (const argv of [['executions', 'list', '--stage', 'dve'], ['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dve']]) {
      const result = await fluxo(argv);
      expect([argv.join(' '), result.code, result.stdout]).toEqual([argv.join(' '), 2, '']);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^fluxo: no machine of stage dve found \(looked for fluxo-dve-<machine>: /)]);
    }
    const listed = await fluxo(['executions', 'list', '--stage', 'dev', '--machine', 'CsvSummary', '--status', 'failed']);
    expect([listed.code, listed.stdout.trim()]).toEqual([0, '2026-12-07T11:00:00.000Z  FAILED     csv-summary/huge-csv-1']);
    const shown = await fluxo(['executions', 'show', 'CsvSummary', 'huge-csv-1', '--stage', 'dev', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ machine: 'csv-summary', name: 'huge-csv-1', status: 'FAILED' });
  });

  it('a denied call is one line naming the action', async () => {
    standIn.denied.add('GetExecutionHistory');
    const result = await fluxo(['executions', 'show', 'csv-summary', 'sales-csv-1', '--stage', 'dev']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['fluxo: not allowed to call states:GetExecutionHistory (AccessDeniedException): see docs/operations.md for the IAM policy']);
  });

  it('a throttled call is retried with backoff until it answers', async () => {
    standIn.throttled.set('GetExecutionHistory', 3);
    standIn.throttled.set('ListExecutions', 2);
    const result = await fluxo(['executions', 'show', 'csv-summary', 'sales-csv-1', '--stage', 'dev', '--json']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect((JSON.parse(result.stdout) as { events: unknown[] }).events.length).toBeGreaterThan(20);
    const list = await fluxo(['executions', 'list', '--stage', 'dev', '--json']);
    expect(list.code).toBe(0);
    expect(standIn.throttled.get('GetExecutionHistory')).toBe(0);
  });

  it('redrive shows what will run again, asks, and redrives only when told yes', async () => {
    const declined = await fluxo(['executions', 'redrive', 'csv-summary', 'huge-csv-1', '--stage', 'dev'], 'n\n');
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/runs again: SummaryFailed \(Fail\)/);
    expect(declined.stderr).toMatch(/Distributed Map SummarizeHugeChunks: 1 of 3 child executions run again/);
    expect(declined.stderr).toMatch(/not redriven/);
    expect(standIn.calls).not.toContain('RedriveExecution');

    const accepted = await fluxo(['executions', 'redrive', 'csv-summary', 'huge-csv-1', '--stage', 'dev'], 'y\n');
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ machine: 'csv-summary', name: 'huge-csv-1', status: 'RUNNING' });
    const after = JSON.parse((await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev', '--json'])).stdout) as { status: string; redriveCount: number };
    expect(after).toMatchObject({ status: 'RUNNING', redriveCount: 1 });

    const again = await fluxo(['executions', 'redrive', 'csv-summary', 'sales-csv-1', '--stage', 'dev', '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cannot be redriven: NOT_REDRIVABLE/);
  });

  it('an Express machine is named with its log group instead of a list or history it does not have', async () => {
    standIn.addMachine({ name: 'fluxo-dev-events-express', type: 'EXPRESS', definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } }, logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/fluxo-dev-events-express:*' });
    const stage = new StageExecutions({ service: 'fluxo', stage: 'dev', machines: ['csv-summary', 'events-express'] }, new SFNClient({ endpoint: env.AWS_ENDPOINT_URL_SFN, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    expect((await stage.list()).map((row) => row.machine)).toEqual(['csv-summary', 'csv-summary']);
    expect(await stage.expressMachines()).toEqual(['events-express']);
    await expect(stage.list({ machine: 'events-express' })).rejects.toThrow('fluxo-dev-events-express is an Express machine: Step Functions keeps no execution list or history for it; its executions are logged to the CloudWatch log group /aws/vendedlogs/states/fluxo-dev-events-express');
    expect(standIn.calls).not.toContain('GetExecutionHistory');
  });
});
