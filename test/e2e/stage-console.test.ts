/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FLUXO_BIN } from '../support/cli.js';
import { HistoryBuilder } from '../support/sfn-history.js';
import { devStage } from '../support/sfn-stage-fixture.js';
import type { SfnStandIn } from '../support/sfn-stand-in.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const BIG = 25_000;

let standIn: SfnStandIn;
let child: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
let bigEvents = 0;

/** A Standard execution of 25 000 events: an inline Map of many iterations, each a Lambda task. */
function bigHistory(): HistoryBuilder {
  const history = new HistoryBuilder(Date.UTC(2026, 11, 7, 9, 0, 0) / 1000).started({ key: 'incoming/wide.csv' });
  history.entered('Map', 'SummarizeChunks', { chunks: 'many' });
  const started = history.add('MapStateStarted', { length: 3600 });
  for (let index = 0; history.events.length < BIG - 4; index++) {
    history.add('MapIterationStarted', { name: 'SummarizeChunks', index }, started);
    history.lambda('SummarizeChunk', 'csv_summarize_chunk', { index }, { output: { rows: 100 } });
    history.add('MapIterationSucceeded', { name: 'SummarizeChunks', index });
  }
  history.add('MapStateSucceeded');
  history.exited('Map', 'SummarizeChunks', { merged: true });
  history.succeeded({ merged: true });
  return history;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  standIn = devStage();
  const big = bigHistory();
  bigEvents = big.events.length;
  standIn.historyPage = 997;
  standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: 'wide-csv-1', status: 'SUCCEEDED', startDate: Date.UTC(2026, 11, 7, 9, 0, 0) / 1000, stopDate: Date.UTC(2026, 11, 7, 9, 30, 0) / 1000, input: { key: 'incoming/wide.csv' }, output: { merged: true }, events: big.events });
  const endpoint = await standIn.start();
  child = spawn(process.execPath, [FLUXO_BIN, 'console', '--stage', 'dev', '--port', '0'], {
    env: { ...process.env, AWS_ENDPOINT_URL_SFN: endpoint, AWS_REGION: 'us-east-1', FLUXO_HOME: mkdtempSync(path.join(tmpdir(), 'fluxo-stage-console-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fluxo console did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/localhost:\d+\/login\?token=[0-9a-f]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fluxo console exited with ${code}:\n${output}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await standIn?.stop();
});

const statuses = () => page.locator('g.state').evaluateAll((nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('data-status')])));

describe('fluxo console --stage in Chromium', () => {
  it('answers the API only after the one-time link it printed signed the browser in', async () => {
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/api/executions`)).status).toBe(401);
    expect((await fetch(`${origin}/login?token=${'0'.repeat(48)}`, { redirect: 'manual' })).status).toBe(403);
    const response = await page.goto(`${origin}/api/executions`);
    expect(response?.status()).toBe(401);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it("lists the stage's executions by machine, and nothing of other stages", async () => {
    await page.goto(url);
    // The link is spent: a second use signs nobody in.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(403);
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    const table = page.getByRole('table', { name: 'Executions' });
    await table.getByRole('row').filter({ hasText: 'huge-csv-1' }).filter({ hasText: 'csv-summary' }).getByRole('link', { name: 'huge-csv-1' }).waitFor();
    const text = await page.locator('#app').textContent();
    expect(text).toContain('msg-4711');
    // Start times name their zone (the browser's), not a bare local time.
    const started = await table.getByRole('row').filter({ hasText: 'huge-csv-1' }).getByRole('cell').nth(3).textContent();
    expect(started).toMatch(/\d:\d{2}:\d{2}(\s?[AP]M)? (UTC|GMT[+-]?[\d:]*|[A-Z]{2,5})$/);
    expect(text).not.toContain('prod-only-run');
    expect(text).not.toContain('other-app-run');
    // A deployed stage has executions only: no local CSV, Clients or Chat sections to fail on.
    await page.locator('header .brand', { hasText: 'stage dev' }).waitFor();
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Executions']);
  });

  it("draws a failed execution from its history, links its Distributed Map's children, and a child says it has no history", async () => {
    await page.getByRole('link', { name: 'huge-csv-1' }).click();
    await page.getByRole('heading', { name: 'huge-csv-1' }).waitFor();
    await page.locator('g.state[data-state="SummaryFailed"][data-status="failed"]').waitFor();
    expect(await statuses()).toMatchObject({ InspectFile: 'succeeded', PlanHugeChunks: 'succeeded', SummarizeHugeChunks: 'caught', RecordFailure: 'succeeded', SummaryFailed: 'failed', SummarizeSmallFile: 'not-reached' });
    // The caught Distributed Map's panel: the error its Catch took, the Map Run's counts and its children.
    await page.locator('g.state[data-state="SummarizeHugeChunks"]').press('Enter');
    const panel = page.getByRole('region', { name: 'State input and output' });
    await panel.getByRole('heading', { name: 'Caught error' }).waitFor();
    expect(await panel.textContent()).toContain('States.ExceedToleratedFailureThreshold');
    expect(await panel.textContent()).toContain('The specified tolerated failure threshold was exceeded');
    expect(await panel.locator('.map-run').textContent()).toBe('Map Run failed: succeeded 2, failed 1, total 3');
    expect(await panel.locator('.state-children a').allTextContents()).toEqual(['chunk-0-7c1d', 'chunk-1-7c1d', 'chunk-2-7c1d']);
    await page.getByText('3 child executions (Distributed Map)').click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'stage-execution.png'), fullPage: true });
    await page.locator('details.children a', { hasText: 'chunk-1-7c1d' }).click();
    await page.getByText('Child of huge-csv-1 (Distributed Map SummarizeHugeChunks)').waitFor();
    await page.getByText('An Express execution: Step Functions keeps no history for it. Its logs: /aws/vendedlogs/states/fluxo-dev-csv-summary', { exact: true }).waitFor();
    // No events: no hint about opening one.
    expect(await page.getByText('Open an event to see its input, output or error.').count()).toBe(0);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('ValidationError: line 12: unterminated quote');
    // Step Functions reruns a failed child only through its parent: no Redrive button here.
    expect(await page.locator('#redrive').count()).toBe(0);
  });

  it("opens an execution by its ARN in the page's address, as the CLI does; another stage's ARN is one line on the page", async () => {
    const origin = new URL(url).origin;
    const child = 'arn:aws:states:us-east-1:123456789012:express:fluxo-dev-csv-summary/SummarizeHugeChunks:5f1c7a2e-0d4b-4c55-9c8e-6a1f2b3c4d5e/chunk-1-7c1d';
    for (const address of [`#/executions/csv-summary/${child}`, `#/executions/csv-summary/${encodeURIComponent(child)}`]) {
      await page.goto(`${origin}/?arn=${address.length}${address}`);
      await page.getByText('Child of huge-csv-1 (Distributed Map SummarizeHugeChunks)').waitFor();
    }
    await page.goto(`${origin}/?arn=standard#/executions/csv-summary/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:fluxo-dev-csv-summary:huge-csv-1')}`);
    await page.locator('g.state[data-state="SummaryFailed"][data-status="failed"]').waitFor();
    await page.goto(`${origin}/?arn=other#/executions/csv-summary/arn:aws:states:us-east-1:123456789012:execution:fluxo-prod-csv-summary:prod-only-run`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe('arn:aws:states:us-east-1:123456789012:execution:fluxo-prod-csv-summary:prod-only-run is not an execution of fluxo-dev-csv-summary (stage dev)');
  });

  it('opens the graph with the failed state inside its box, at 1280 and 390 px wide', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${new URL(url).origin}/?width=${width}#/executions/csv-summary/huge-csv-1`);
      const failed = page.locator('g.state[data-state="SummaryFailed"][data-status="failed"]');
      await failed.waitFor();
      await page.waitForTimeout(300);
      const [state, box] = await Promise.all([failed.boundingBox(), page.locator('.graph-viewport').boundingBox()]);
      if (!state || !box) throw new Error('no graph drawn');
      expect([width, state.x >= box.x, state.y >= box.y, state.x + state.width <= box.x + box.width, state.y + state.height <= box.y + box.height]).toEqual([width, true, true, true, true]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('opens an execution whose name has a dot, as Step Functions allows', async () => {
    const history = new HistoryBuilder(Date.UTC(2026, 11, 7, 5, 0, 0) / 1000).started({}).pass('Pass', 'Summarized', {}).succeeded({});
    const arn = standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: 'csv.replay.1765000000', status: 'SUCCEEDED', startDate: Date.UTC(2026, 11, 7, 5, 0, 0) / 1000, stopDate: Date.UTC(2026, 11, 7, 5, 0, 1) / 1000, input: {}, output: {}, events: history.events });
    try {
      await page.goto(`${new URL(url).origin}/?dot#/executions/csv-summary/csv.replay.1765000000`);
      await page.getByRole('heading', { name: 'csv.replay.1765000000' }).waitFor();
      await page.locator('g.state[data-state="Summarized"][data-status="succeeded"]').waitFor();
    } finally {
      standIn.executions.delete(arn);
    }
  });

  it('a call the credentials may not make is one line naming the action, on the page', async () => {
    standIn.denied.add('DescribeExecution');
    try {
      await page.goto(`${new URL(url).origin}/?denied#/executions/csv-summary/sales-csv-1`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toBe('not allowed to call states:DescribeExecution (AccessDeniedException): see docs/operations.md for the IAM policy');
    } finally {
      standIn.denied.clear();
    }
  });

  it('asks before a redrive, showing what will run again; Cancel sends nothing; the redriven page drops the old failure and follows only new events', async () => {
    await page.goto(`${new URL(url).origin}/?redrive#/executions/csv-summary/huge-csv-1`);
    await page.getByRole('alert').waitFor();
    // Neutral: this execution ends in a Fail state, and the preview says it fails again at once.
    const redrive = page.getByRole('button', { name: 'Redrive…', exact: true });
    await redrive.click();
    const dialog = page.getByRole('dialog', { name: 'Redrive huge-csv-1?' });
    await dialog.waitFor();
    // The preview `fluxo executions redrive --stage` prints: it restarts at the Fail state; the caught Map's children do not run again.
    await expect(dialog.locator('li').allTextContents()).resolves.toEqual([
      'SummaryFailed (Fail): entered again, it fails the execution again at once with States.ExceedToleratedFailureThreshold; nothing else runs',
      'not run again: SummarizeHugeChunks, whose failure a Catch handled (so its failed child executions do not run again either)',
      'nothing would succeed this time: to run the work again, start a new execution with the same input (docs/operations.md, "Replaying a CSV")',
      'states that succeeded are not run again',
    ]);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'stage-redrive-confirm-390.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(standIn.calls).not.toContain('RedriveExecution');
    await expect(page.locator('.badge.failed').first().isVisible()).resolves.toBe(true);

    await redrive.click();
    await dialog.getByRole('button', { name: 'Redrive', exact: true }).click();
    await page.locator('.badge.running').first().waitFor();
    const redriven = [...standIn.executions.values()].find((execution) => execution.name === 'huge-csv-1');
    expect(redriven).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    expect(standIn.calls.filter((call) => call === 'RedriveExecution')).toHaveLength(1);
    // Running again: the old failure is gone, and the state it restarts at is running, not failed.
    await page.locator('g.state[data-state="SummaryFailed"][data-status="running"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // It fails again at its Fail state: the page hears it by reading only the events after the last one it had.
    standIn.historyReads.length = 0;
    if (!redriven?.events) throw new Error('the fixture has no history');
    const history = new HistoryBuilder(redriven.startDate + 600);
    history.events.push(...redriven.events);
    history.entered('Fail', 'SummaryFailed', { recorded: true });
    history.failed('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
    Object.assign(redriven, { events: history.events, status: 'FAILED', stopDate: redriven.startDate + 700, error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    await page.locator('g.state[data-state="SummaryFailed"][data-status="failed"]').waitFor({ timeout: 40_000 });
    await page.locator('.badge.failed').first().waitFor();
    await page.getByRole('alert').waitFor();
    const reads = standIn.historyReads.filter((read) => read.name === 'huge-csv-1');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((read) => read.reverse)).toBe(true);
  }, 60_000);

  it('filters the list by start date, as --since does, and shows durations in minutes past a minute', async () => {
    const now = Date.now() / 1000;
    standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: 'just-now', status: 'SUCCEEDED', startDate: now - 600, stopDate: now - 600 + 185, input: {}, output: {}, events: [] });
    try {
      await page.goto(`${new URL(url).origin}/?since#/executions`);
      const table = page.getByRole('table', { name: 'Executions' });
      await table.getByRole('link', { name: 'just-now' }).waitFor();
      await expect(table.getByRole('row').filter({ hasText: 'just-now' }).textContent()).resolves.toContain('3 min 5 s');
      await expect(table.getByRole('row').filter({ hasText: 'sales-csv-1' }).textContent()).resolves.toContain('5.0 s');
      await page.getByLabel('Started').selectOption('1h');
      await expect(table.getByRole('link').allTextContents()).resolves.toEqual(['just-now']);
      await page.getByLabel('Started').selectOption('');
      // The wider window is read again from the stage.
      await table.getByRole('link', { name: 'sales-csv-1' }).waitFor();
      await expect(table.getByRole('link').count()).resolves.toBeGreaterThan(3);
    } finally {
      standIn.executions.delete([...standIn.executions.entries()].find(([, execution]) => execution.name === 'just-now')?.[0] ?? '');
    }
  });

  it('asks the stage for the whole Started window, past the newest 100 per machine, and says what its list holds', async () => {
    const now = Date.now() / 1000;
    // 150 runs of csv-summary in the last 5 days, one every 48 min: more than the 100 the list reads without a window.
    const arns = Array.from({ length: 150 }, (_, index) => standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: `batch-${index}`, status: 'SUCCEEDED', startDate: now - 60 - index * 2880, stopDate: now - index * 2880, input: {}, output: {}, events: [] }));
    standIn.listPage = 100;
    try {
      await page.goto(`${new URL(url).origin}/?window#/executions`);
      await page.getByLabel('Started').selectOption('');
      const note = (text: string) => page.locator('.cap-note').getByText(text, { exact: true }).waitFor();
      await note('Listed: the newest 100 executions of each machine; choose a Started window to reach further back (up to 1000 of each). csv-summary had more: older ones are not listed.');
      await page.getByLabel('Search').fill('batch-');
      // Without a window, csv-summary's newest 100 (a few of them the fixture's own runs): not all 150.
      await page.getByRole('status').filter({ hasText: /^1–25 of \d+ executions \(/ }).waitFor();
      expect(Number(/of (\d+) executions/.exec((await page.getByRole('status').textContent()) ?? '')?.[1])).toBeLessThan(100);
      // Every one of the 150 started in the last 7 days, the oldest included.
      await page.getByLabel('Started').selectOption('1w');
      await page.getByRole('status').filter({ hasText: '1–25 of 150 executions' }).waitFor();
      await note('Listed: the newest 1000 executions of each machine started in the last 7 days.');
      // The page says "Executions" once: the heading, not again above the table.
      await expect(page.locator('#app').getByText('Executions', { exact: true }).count()).resolves.toBe(1);
      await page.getByLabel('Search').fill('');
      await page.getByLabel('Started').selectOption('');
    } finally {
      standIn.listPage = 2;
      for (const arn of arns) standIn.executions.delete(arn);
    }
  });

  it('a name Step Functions would refuse is one line on the page (400), not a missing page', async () => {
    await page.goto(`${new URL(url).origin}/?refused#/executions/csv-summary/a%20b`);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('"a b" is not an execution name (1 to 80 characters, no spaces, brackets, wildcards, : / or control characters) nor its ARN');
  });

  it('streams a 25 000-event history: the graph from all of it, the page holding only the last events', async () => {
    await page.goto(`${new URL(url).origin}/?big#/executions/csv-summary/wide-csv-1`);
    expect(bigEvents).toBeGreaterThanOrEqual(BIG);
    await page.getByText(`${bigEvents} events: the last 1000 are listed`).waitFor({ timeout: 30_000 });
    expect(await statuses()).toMatchObject({ SummarizeChunks: 'succeeded', PlanChunks: 'not-reached' });
    const listed = await page.locator('ol.timeline li').count();
    expect(listed).toBeGreaterThanOrEqual(1000);
    expect(listed).toBeLessThan(1010);
    await expect(page.locator('ol.timeline li').last().textContent()).resolves.toContain('ExecutionSucceeded');
  });

  it("follows a running execution: the page refreshes as Step Functions' answer changes", async () => {
    await page.goto(`${new URL(url).origin}/?running#/executions/client-registration/msg-4711`);
    await page.locator('g.state[data-state="ValidateClient"][data-status="running"]').waitFor();
    const running = [...standIn.executions.values()].find((execution) => execution.name === 'msg-4711');
    if (!running?.events) throw new Error('the fixture has no running execution');
    const history = new HistoryBuilder(running.startDate + 5);
    history.events.push(...running.events);
    history.add('LambdaFunctionStarted');
    history.add('LambdaFunctionSucceeded', { output: '{"valid":true}' });
    history.exited('Task', 'ValidateClient', { valid: true });
    history.pass('Choice', 'IsValid', { valid: true });
    history.lambda('UpsertClient', 'client_upsert', { valid: true }, { output: { id: 1 } });
    history.entered('Succeed', 'Registered', { id: 1 });
    history.exited('Succeed', 'Registered', { id: 1 });
    history.succeeded({ id: 1 });
    standIn.historyReads.length = 0;
    Object.assign(running, { events: history.events, status: 'SUCCEEDED', stopDate: running.startDate + 9, output: { id: 1 } });
    await page.locator('g.state[data-state="Registered"][data-status="succeeded"]').waitFor({ timeout: 40_000 });
    await page.locator('.badge.succeeded').first().waitFor();
    // Polled for what is new only (newest-first pages back to the last event seen), never the whole history again.
    const reads = standIn.historyReads.filter((read) => read.name === 'msg-4711');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((read) => read.reverse)).toBe(true);
  }, 60_000);
});
