/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fluxo, startDev } from '../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const home = mkdtempSync(path.join(tmpdir(), 'fluxo-console-'));
// Files past 10 KB take the Distributed Map path, in 4 KB chunks (the fixtures stay on the one-task path).
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.05', LOG_LEVEL: 'warn', CSV_HUGE_BYTES: '10000', CSV_HUGE_CHUNK_BYTES: '4096' };

let dev: Awaited<ReturnType<typeof startDev>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dev = await startDev(env);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // As its owner does: the one-time link fluxo dev printed sets the session cookie.
  await page.goto(dev.login);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

describe('the console in Chromium', () => {
  it('chats with the assistant: a text and a voice note get their replies, and the ledger fills', async () => {
    await page.goto(`${dev.url}/#/chat`);
    await page.getByLabel('Chatting as').fill('whatsapp:+5511988887777');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('gastei 32,50 no almoço hoje');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const conversation = page.getByRole('list', { name: 'Conversation' });
    await conversation.getByText(/^Anotado: R\$ 32,50 em Alimentação \(almoço\)/).waitFor({ timeout: 20_000 });
    await page.setInputFiles('#voice', path.resolve('fixtures/audio/gasto-uber.ogg'));
    await conversation.getByText(/Ouvi: "gastei vinte e cinco reais no uber ontem"/).waitFor({ timeout: 20_000 });
    const ledger = page.getByRole('table', { name: /^ledger\.xlsx, this sender: 2 rows/ });
    await ledger.waitFor();
    await expect(ledger.textContent()).resolves.toContain('almoço');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('quanto gastei com alimentação esse mês?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await conversation.getByText(/^Você gastou R\$ 32,50 com Alimentação/).waitFor({ timeout: 20_000 });
    // An overview comes with a chart: the image the assistant sent shows in the thread.
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('resumo do mês');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const chart = conversation.getByRole('img', { name: /^Gastos de / });
    await chart.waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.chart')].some((image) => image.complete && image.naturalWidth > 600), undefined, { timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat.png'), fullPage: true });
  });

  it('uploads a CSV and shows its per-column summary', async () => {
    await page.goto(`${dev.url}/#/csv`);
    await page.setInputFiles('#csv-file', path.resolve('fixtures/csv/sales.csv'));
    const link = page.getByRole('link', { name: 'incoming/sales.csv' });
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    const table = page.getByRole('table', { name: 'Per-column statistics' });
    await table.waitFor();
    const amount = table.getByRole('row').filter({ hasText: 'amount' });
    await expect(amount.textContent()).resolves.toContain('25.4714');
    expect(await page.locator('svg.chart').count()).toBe(7);
    await page.screenshot({ path: path.join(ARTIFACTS, 'csv-summary.png'), fullPage: true });
  });

  it('shows the Distributed Map run of a huge file: the parent lists its child executions, each with its own history', async () => {
    const lines = ['id,city,amount'];
    for (let i = 0; i < 1500; i++) lines.push(`${i},${['Recife', 'Natal', 'Belém'][i % 3]},${(i % 97) * 1.25}`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fluxo-huge-')), 'huge.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    // As a user would: the CLI forwards the upload to the running console's stack.
    const upload = await fluxo(['upload', file], env);
    expect([upload.code, upload.stderr]).toEqual([0, '']);
    expect(JSON.parse(upload.stdout)).toMatchObject({ key: 'incoming/huge.csv', status: 'summarized', rows: 1500 });
    // The only huge file of this console: the executions that name a parent are its chunks.
    const listed = JSON.parse((await fluxo(['executions', 'list', '--machine', 'csv-summary', '--json'], env)).stdout) as { name: string; parent?: string; mapState?: string }[];
    const parent = listed.find((execution) => execution.parent)?.parent;
    const children = listed.filter((execution) => execution.parent === parent);
    expect(children.length).toBeGreaterThan(3);
    expect(children.every((child) => child.mapState === 'SummarizeHugeChunks')).toBe(true);
    expect(listed.map((execution) => execution.name)).toContain(parent);
    await page.goto(`${dev.url}/#/executions/csv-summary/${parent}`);
    await page.locator('g.state[data-state="SummarizeHugeChunks"][data-status="succeeded"]').waitFor();
    const summary = page.getByText(`${children.length} child executions (Distributed Map)`);
    await summary.click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'distributed-map.png'), fullPage: true });
    await page.locator('details.children a').first().click();
    await page.getByText(`Child of ${parent} (Distributed Map SummarizeHugeChunks)`).waitFor();
    await page.locator('g.state[data-state="SummarizeHugeChunk"][data-status="succeeded"]').waitFor();
  });

  it('registers a client from the form and lists it', async () => {
    await page.goto(`${dev.url}/#/clients`);
    await page.getByLabel('Name').fill('Paula Lima');
    await page.getByLabel('Email').fill('Paula@Example.com');
    await page.getByLabel('Phone').fill('(21) 99876-1234');
    await page.getByRole('button', { name: 'Publish NewClientNotification' }).click();
    const row = page.getByRole('table', { name: 'Registered clients' }).getByRole('row').filter({ hasText: 'paula@example.com' });
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toContain('+5521998761234');
  });

  it('draws an execution with its states coloured, shows a state input and output, and redrives a failure', async () => {
    expect((await fluxo(['run', 'hello', '--name', 'console-ok', '--input', '{"name":"Ana","loud":true}'], env)).code).toBe(0);
    await page.goto(`${dev.url}/#/executions/hello/console-ok`);
    const greet = page.locator('g.state[data-state="Greet"]');
    await greet.waitFor();
    const statuses = await page.locator('g.state').evaluateAll((nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('data-status')])));
    expect(statuses).toEqual({ Greet: 'succeeded', IsLoud: 'succeeded', CatchBreath: 'succeeded', Done: 'succeeded', Rejected: 'not-reached' });
    await greet.focus();
    await page.keyboard.press('Enter');
    const io = page.getByRole('region', { name: 'State input and output' });
    await io.getByRole('heading', { name: 'Greet' }).waitFor();
    await expect(io.textContent()).resolves.toContain('"greeting": "OLÁ, ANA!"');
    await page.screenshot({ path: path.join(ARTIFACTS, 'execution-inspector.png'), fullPage: true });

    expect((await fluxo(['run', 'hello', '--name', 'console-bad', '--input', '{"name":"  "}'], env)).code).toBe(1);
    // A new document, not a hash change: nothing of the previous execution's page is read.
    await page.goto(`${dev.url}/?execution=console-bad#/executions/hello/console-bad`);
    await page.getByRole('heading', { name: 'console-bad' }).waitFor();
    await page.locator('g.state[data-state="Rejected"][data-status="failed"]').waitFor();
    const failed = await page.locator('g.state').evaluateAll((nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('data-status')])));
    expect(failed).toMatchObject({ Greet: 'caught', Rejected: 'failed', IsLoud: 'not-reached' });
    await page.getByRole('button', { name: 'Redrive from the failed state' }).click();
    await page.waitForURL(/console-bad-redrive-1/);
    await page.getByRole('heading', { name: 'console-bad-redrive-1' }).waitFor();
  });

  it('stays usable at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // A new document (not a hash change from the previous test's page), so nothing of that page is measured.
    await page.goto(`${dev.url}/?width=phone#/executions`);
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    await page.getByText('console-bad-redrive-1').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'executions-phone.png') });
  });
});
