import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StageExecutions } from '../../src/adapters/aws/sfn-stage.js';
import { FLUXO_BIN } from '../support/cli.js';
import { HistoryBuilder } from '../support/sfn-history.js';
import { devStage } from '../support/sfn-stage-fixture.js';
import { mapRunArnOf, type SfnStandIn } from '../support/sfn-stand-in.js';

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
    // Its redrive line names the parent that reruns it, never REDRIVABLE.
    expect(child.stdout).toContain('  redrive: through its parent huge-csv-1\n');
    expect(child.stdout).not.toMatch(/REDRIVABLE/);
    // --follow exits by its status: a failed child is exit 1, as everywhere.
    const followed = await fluxo(['executions', 'show', 'csv-summary', arn, '--stage', 'dev', '--follow']);
    expect([followed.code, followed.stderr]).toEqual([1, '']);
    expect(followed.stdout).toContain('ValidationError: line 12: unterminated quote');
    // Redriven only through its parent: one line, nothing sent.
    const redrive = await fluxo(['executions', 'redrive', 'csv-summary', arn, '--stage', 'dev', '--yes']);
    expect([redrive.code, redrive.stderr.trim()]).toEqual([2, 'fluxo: chunk-1-7c1d is an Express child of a Distributed Map: redrive its parent (fluxo executions redrive csv-summary huge-csv-1 --stage dev), which runs the failed children again']);
    expect(standIn.calls).not.toContain('RedriveExecution');
  });

  it('a running execution shows no redrive line; a failed one shows its redrive status', async () => {
    const running = await fluxo(['executions', 'show', 'client-registration', 'msg-4711', '--stage', 'dev']);
    expect([running.code, running.stderr]).toEqual([0, '']);
    expect(running.stdout).toContain('client-registration/msg-4711: RUNNING');
    expect(running.stdout).not.toMatch(/redrive:/);
    const failed = await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev']);
    expect(failed.stdout).toContain('  redrive: REDRIVABLE\n');
  });

  it('lines up the state names after every event type, the longest (LambdaFunctionScheduleFailed, MapRunStarted...) included', async () => {
    const result = await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev']);
    const events = result.stdout.split('\n').filter((line) => /^\s*\d+ {2}\d\d:\d\d/.test(line));
    expect(events.some((line) => /MapRunStarted|LambdaFunctionScheduleFailed/.test(line))).toBe(true);
    // Where each state name starts: the same column on every line that names one.
    const columns = new Set(events.filter((line) => /\S+ \(\w+\)/.test(line)).map((line) => /^(\s*\d+ {2}\S+ {2}\S+\s+)\S/.exec(line)?.[1]?.length));
    expect([...columns]).toHaveLength(1);
  });

  it('prints the history as text by default, the retried Lambda attempt included', async () => {
    const result = await fluxo(['executions', 'show', 'csv-summary', 'sales-csv-1', '--stage', 'dev']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^csv-summary\/sales-csv-1: SUCCEEDED/);
    expect(result.stdout).toMatch(/StateRetried\s+InspectFile \(Task\)\s+attempt 1\s+TransientError/);
    expect(result.stdout).toMatch(/LambdaFunctionSucceeded\s+StoreSummary \(Task\)/);
    expect(result.stdout).toMatch(/ExecutionSucceeded/);
    // Each state's input and output under its events, on one line, cut when long.
    const lines = result.stdout.split('\n');
    expect(lines[2]).toBe('  input   {"bucket":"fluxo-dev-uploads","key":"incoming/sales.csv","etag":"\\"9b2cf535f27731c974343645a3985328\\"","size":1843}');
    expect(lines[3]).toBe('  output  {"id":7}');
    const stored = lines.findIndex((line) => /StateExited\s+StoreSummary/.test(line));
    expect(lines[stored + 1]).toBe('       output  {"id":7}');
    const summarize = lines.findIndex((line) => /StateEntered\s+SummarizeSmallFile/.test(line));
    expect(lines[summarize + 1]).toMatch(/^ {7}input {3}\{"bucket":"fluxo-dev-uploads"/);
    expect(result.stdout).not.toMatch(/Warning: NodeVersionSupportWarning/);
    expect(result.stderr).toBe('');
  });

  it('cuts a long state input in text and keeps it whole in --json', async () => {
    const long = { rows: Array.from({ length: 200 }, (_, index) => `row-${index}`) };
    const history = new HistoryBuilder(Date.UTC(2026, 11, 7, 7, 0, 0) / 1000).started(long).lambda('InspectFile', 'csv_inspect', long, { output: long });
    const arn = standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: 'long-io', status: 'RUNNING', startDate: Date.UTC(2026, 11, 7, 7, 0, 0) / 1000, input: long, events: history.events });
    try {
      const text = await fluxo(['executions', 'show', 'csv-summary', 'long-io', '--stage', 'dev']);
      const entered = text.stdout.split('\n').find((line) => line.startsWith('       input'));
      expect(entered).toMatch(/^ {7}input {3}\{"rows":\["row-0".{150,}… \(\d+ characters; --json for all of it\)$/);
      expect(entered?.length).toBeLessThan(280);
      const json = JSON.parse((await fluxo(['executions', 'show', 'csv-summary', 'long-io', '--stage', 'dev', '--json'])).stdout) as { events: { type: string; input?: unknown }[] };
      expect(json.events.find((event) => event.type === 'StateEntered')?.input).toEqual(long);
    } finally {
      standIn.executions.delete(arn);
    }
  });

  it('an unknown execution or machine is one line and exit code 2', async () => {
    const unknown = await fluxo(['executions', 'show', 'csv-summary', 'no-such-run', '--stage', 'dev']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^fluxo: no execution csv-summary\/no-such-run in stage dev \(fluxo-dev-csv-summary\), nor a Distributed Map child/)]);
    // A machine without a Distributed Map has no children to look among.
    const registration = await fluxo(['executions', 'show', 'client-registration', 'no-such-run', '--stage', 'dev']);
    expect([registration.code, registration.stderr.trim()]).toEqual([2, 'fluxo: no execution client-registration/no-such-run in stage dev (fluxo-dev-client-registration)']);
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

  it('a stage option without --stage, or an empty --stage, is one line and exit 2, not a local list', async () => {
    const status = await fluxo(['executions', 'list', '--status', 'FAILED']);
    expect([status.code, status.stdout, status.stderr.trim()]).toEqual([2, '', 'fluxo: --status: with --stage S only (local executions filter by --machine)']);
    for (const args of [['list'], ['show', 'csv-summary', 'x'], ['redrive', 'csv-summary', 'x', '--yes']]) {
      const empty = await fluxo(['executions', ...args, '--stage', '']);
      expect([args[0], empty.code, empty.stdout, empty.stderr.trim()]).toEqual([args[0], 2, '', 'fluxo: --stage must be lower-case letters, digits and dashes']);
    }
  });

  it('a profile that does not exist is named: one line, exit 2', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'fluxo-profile-'));
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = { ...process.env, ...env };
    const result = spawnSync(process.execPath, [FLUXO_BIN, 'executions', 'list', '--stage', 'dev'], { env: { ...rest, HOME: home, AWS_PROFILE: 'nosuch', AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials') }, encoding: 'utf8' });
    expect([result.status, result.stdout]).toEqual([2, '']);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('fluxo:'))).toEqual(['fluxo: profile nosuch not found (~/.aws/config, ~/.aws/credentials)']);
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
    // It ended in a Fail state after a Catch took the Map's failure: Step Functions restarts at the Fail state, which fails again.
    expect(declined.stderr.split('\n').slice(0, 6)).toEqual([
      'fluxo-dev-csv-summary/huge-csv-1 is FAILED (States.ExceedToleratedFailureThreshold). A redrive runs this same execution again, under its name and with the same input, from the states it left unsuccessful:',
      '  SummaryFailed (Fail): entered again, it fails the execution again at once with States.ExceedToleratedFailureThreshold; nothing else runs',
      '  not run again: SummarizeHugeChunks, whose failure a Catch handled (so its failed child executions do not run again either)',
      '  nothing would succeed this time: to run the work again, start a new execution with the same input (docs/operations.md, "Replaying a CSV")',
      '  states that succeeded are not run again',
      'Redrive csv-summary/huge-csv-1 in stage dev? [y/N] ',
    ]);
    expect(declined.stderr).not.toMatch(/child executions, \d+ of/);
    expect(declined.stderr).toMatch(/not redriven/);
    expect(standIn.calls).not.toContain('RedriveExecution');

    const accepted = await fluxo(['executions', 'redrive', 'csv-summary', 'arn:aws:states:us-east-1:123456789012:execution:fluxo-dev-csv-summary:huge-csv-1', '--stage', 'dev', '--json'], 'y\n');
    expect(accepted.code).toBe(0);
    // Named by its name, though given by its ARN.
    expect(JSON.parse(accepted.stdout)).toMatchObject({ machine: 'csv-summary', name: 'huge-csv-1', status: 'RUNNING' });
    const after = JSON.parse((await fluxo(['executions', 'show', 'csv-summary', 'huge-csv-1', '--stage', 'dev', '--json'])).stdout) as { status: string; redriveCount: number };
    expect(after).toMatchObject({ status: 'RUNNING', redriveCount: 1 });

    // Text by default, as show prints: a second redrive of it (running again) is refused by Step Functions, so redrive it after it failed again.
    Object.assign(standIn.executions.get('arn:aws:states:us-east-1:123456789012:execution:fluxo-dev-csv-summary:huge-csv-1') ?? {}, { status: 'FAILED' });
    const text = await fluxo(['executions', 'redrive', 'csv-summary', 'huge-csv-1', '--stage', 'dev', '--yes']);
    expect([text.code, text.stdout.split('\n')[0]]).toEqual([0, 'csv-summary/huge-csv-1: RUNNING again, redriven 2025-12-07T09:33:20.000Z']);
    const again = await fluxo(['executions', 'redrive', 'csv-summary', 'sales-csv-1', '--stage', 'dev', '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cannot be redriven: NOT_REDRIVABLE/);
  });

  it("previews an uncaught Distributed Map failure as Step Functions redrives it: only the unsuccessful children, nothing that succeeded", async () => {
    const machine = 'fluxo-dev-csv-summary';
    const mapRunArn = mapRunArnOf(machine, 'SummarizeHugeChunks', '0a1b2c3d-uncaught');
    const file = { bucket: 'b', key: 'incoming/huge2.csv', size: 5_000_000_000 };
    const history = new HistoryBuilder(Date.UTC(2026, 11, 7, 8, 0, 0) / 1000).started(file).lambda('InspectFile', 'csv_inspect', file, { output: { ...file, huge: true } }).pass('Choice', 'IsLargeFile', file).lambda('PlanHugeChunks', 'csv_plan', file, { output: { chunks: 4 } });
    history.distributedMap('SummarizeHugeChunks', { chunks: 4 }, mapRunArn, { error: 'States.ExceedToleratedFailureThreshold', cause: 'threshold exceeded' });
    history.failed('States.ExceedToleratedFailureThreshold', 'threshold exceeded');
    const arn = standIn.addExecution({ machine, name: 'huge-uncaught', status: 'FAILED', startDate: Date.UTC(2026, 11, 7, 8, 0, 0) / 1000, stopDate: Date.UTC(2026, 11, 7, 8, 5, 0) / 1000, input: file, error: 'States.ExceedToleratedFailureThreshold', cause: 'threshold exceeded', events: history.events });
    standIn.mapRuns.push({ mapRunArn, parent: arn, status: 'FAILED', counts: { pending: 0, running: 0, succeeded: 2, failed: 1, timedOut: 1, aborted: 0, total: 4, resultsWritten: 4, failuresNotRedrivable: 0, pendingRedrive: 0 } });
    try {
      const result = await fluxo(['executions', 'redrive', 'csv-summary', 'huge-uncaught', '--stage', 'dev'], 'no\n');
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').slice(1, 3)).toEqual([
        '  SummarizeHugeChunks (Distributed Map): runs again only its unsuccessful child executions, 2 of 4 (the 2 that succeeded do not run again)',
        '  states that succeeded are not run again',
      ]);
      expect(result.stderr).not.toMatch(/InspectFile|PlanHugeChunks|\(Fail\)/);
      expect(standIn.calls).not.toContain('RedriveExecution');
    } finally {
      standIn.executions.delete(arn);
      standIn.mapRuns.pop();
    }
  });

  it('a Distributed Map child opens by its bare name in a new process, found under its parent; a name found nowhere is one line saying how', async () => {
    const child = await fluxo(['executions', 'show', 'csv-summary', 'chunk-1-7c1d', '--stage', 'dev', '--json']);
    expect([child.code, child.stderr]).toEqual([0, '']);
    expect(JSON.parse(child.stdout)).toMatchObject({ name: 'chunk-1-7c1d', status: 'FAILED', parent: { name: 'huge-csv-1', state: 'SummarizeHugeChunks' }, error: 'ValidationError', events: [] });
    expect(standIn.calls).toContain('ListMapRuns');
    const missing = await fluxo(['executions', 'show', 'csv-summary', 'chunk-9-none', '--stage', 'dev']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual(['fluxo: no execution csv-summary/chunk-9-none in stage dev (fluxo-dev-csv-summary), nor a Distributed Map child of its 50 latest executions: open a child by the ARN its parent lists (fluxo executions show csv-summary <parent> --stage dev)']);
  });

  it("redrive --help describes both redrives: the local one's new execution and the stage's in-place RedriveExecution", async () => {
    const help = await fluxo(['executions', 'redrive', '--help']);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Locally: a new execution <name>-redrive-N');
    expect(text).toContain('With --stage S: Step Functions RedriveExecution runs the deployed execution again in place');
    expect(text).toContain('--yes');
  });

  it('show --follow prints the events of a running execution as they come, reading only the new ones, and ends with its status', async () => {
    const input = { email: 'bia@example.com' };
    const history = new HistoryBuilder(Date.UTC(2026, 11, 7, 6, 0, 0) / 1000).started(input);
    history.entered('Task', 'ValidateClient', input);
    const arn = standIn.addExecution({ machine: 'fluxo-dev-client-registration', name: 'follow-me', status: 'RUNNING', startDate: Date.UTC(2026, 11, 7, 6, 0, 0) / 1000, input, events: history.events });
    try {
      const following = fluxo(['executions', 'show', 'client-registration', 'follow-me', '--stage', 'dev', '--follow']);
      // Wait for the follower's first poll (newest first), however long the process takes to start on a loaded machine: from then on only new reads count.
      for (const deadline = Date.now() + 30_000; !standIn.historyReads.some((read) => read.name === 'follow-me' && read.reverse); ) {
        if (Date.now() > deadline) throw new Error('the follower never polled the history');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      standIn.historyReads.length = 0;
      history.add('LambdaFunctionScheduled', { resource: 'arn:aws:lambda:us-east-1:123456789012:function:fluxo-dev-client_validate', input: JSON.stringify(input) });
      history.add('LambdaFunctionStarted');
      history.add('LambdaFunctionSucceeded', { output: '{"valid":true}' });
      history.exited('Task', 'ValidateClient', { valid: true });
      history.succeeded({ id: 3 });
      const execution = standIn.executions.get(arn);
      Object.assign(execution ?? {}, { events: history.events, status: 'SUCCEEDED', stopDate: Date.UTC(2026, 11, 7, 6, 0, 9) / 1000, output: { id: 3 } });
      const result = await following;
      expect([result.code, result.stderr]).toEqual([0, '']);
      const lines = result.stdout.trim().split('\n');
      expect(lines.filter((line) => /^\s*\d+\s/.test(line)).map((line) => line.trim().split(/\s+/)[2])).toEqual(['ExecutionStarted', 'StateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'StateExited', 'ExecutionSucceeded']);
      expect(lines.slice(-2)).toEqual(['client-registration/follow-me: SUCCEEDED  (stopped 2026-12-07T06:00:09.000Z)', '  output  {"id":3}']);
      const reads = standIn.historyReads.filter((read) => read.name === 'follow-me');
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((read) => read.reverse)).toBe(true);
    } finally {
      standIn.executions.delete(arn);
    }
  }, 60_000);

  it("reads nothing outside the stage's machine: another stage's ARN, or a name Step Functions would not take, is one line and exit 2", async () => {
    for (const [ref, line] of [
      ['arn:aws:states:us-east-1:123456789012:execution:fluxo-prod-csv-summary:prod-only-run', 'fluxo: arn:aws:states:us-east-1:123456789012:execution:fluxo-prod-csv-summary:prod-only-run is not an execution of fluxo-dev-csv-summary (stage dev)'],
      ['arn:aws:states:us-east-1:123456789012:execution:fluxo-dev-csv-summary-other:x', 'fluxo: arn:aws:states:us-east-1:123456789012:execution:fluxo-dev-csv-summary-other:x is not an execution of fluxo-dev-csv-summary (stage dev)'],
      ['a:b', 'fluxo: "a:b" is not an execution name (1 to 80 characters, no spaces, brackets, wildcards, : / or control characters) nor its ARN'],
    ]) {
      for (const verb of ['show', 'redrive']) {
        const result = await fluxo(['executions', verb, 'csv-summary', ref, '--stage', 'dev', ...(verb === 'redrive' ? ['--yes'] : [])]);
        expect([verb, result.code, result.stderr.trim()]).toEqual([verb, 2, line]);
      }
    }
    expect(standIn.calls.filter((call) => /Execution$|History$/.test(call))).toEqual([]);
  });

  it('--follow is one line and exit 2 with --json, and without --stage', async () => {
    const json = await fluxo(['executions', 'show', 'csv-summary', 'sales-csv-1', '--stage', 'dev', '--follow', '--json']);
    expect([json.code, json.stdout, json.stderr.trim().split('\n').length]).toEqual([2, '', 1]);
    const local = await fluxo(['executions', 'show', 'hello', 'x', '--follow']);
    expect([local.code, local.stderr.trim()]).toEqual([2, 'fluxo: --follow is for a deployed stage (--stage S); a local run is followed in the console, or printed as it ends by fluxo run --history']);
  });

  it('an Express machine is named with its log group instead of a list or history it does not have', async () => {
    standIn.addMachine({ name: 'fluxo-dev-events-express', type: 'EXPRESS', definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } }, logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/fluxo-dev-events-express:*' });
    const stage = new StageExecutions({ service: 'fluxo', stage: 'dev', machines: ['csv-summary', 'events-express'] }, new SFNClient({ endpoint: env.AWS_ENDPOINT_URL_SFN, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    expect((await stage.list()).map((row) => row.machine)).toEqual(['csv-summary', 'csv-summary']);
    expect(await stage.expressMachines()).toEqual(['events-express']);
    await expect(stage.list({ machine: 'events-express' })).rejects.toThrow('fluxo-dev-events-express is an Express machine: Step Functions keeps no execution list or history for it; its executions are logged to the CloudWatch log group /aws/vendedlogs/states/fluxo-dev-events-express');
    expect(standIn.calls).not.toContain('GetExecutionHistory');
    // From the CLI (the machines serverless.yml names; assistant-turn deployed as Express here): the note, prefixed as every note, and exit 0.
    const turn = standIn.machines.find((machine) => machine.name === 'fluxo-dev-assistant-turn');
    if (!turn) throw new Error('the fixture has no assistant-turn machine');
    turn.type = 'EXPRESS';
    try {
      const note = 'fluxo: fluxo-dev-assistant-turn is an Express machine: Step Functions keeps no execution list or history for it; its executions are logged to the CloudWatch log group /aws/vendedlogs/states/fluxo-dev-assistant-turn';
      for (const args of [['list', '--machine', 'assistant-turn'], ['show', 'assistant-turn', 'x']]) {
        const result = await fluxo(['executions', ...args, '--stage', 'dev']);
        expect([args[0], result.code, result.stdout, result.stderr.trim()]).toEqual([args[0], 0, '', note]);
      }
      const all = await fluxo(['executions', 'list', '--stage', 'dev']);
      expect([all.code, all.stderr.trim()]).toEqual([0, note]);
    } finally {
      delete turn.type;
    }
  });
});
