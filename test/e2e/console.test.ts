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
    // Summarize again: the same stored file under a new execution name, whose page opens.
    await page.getByRole('button', { name: 'Summarize again' }).click();
    await page.waitForURL(/#\/executions\/csv-summary\/csv-replay-/, { timeout: 20_000 });
    const replayed = decodeURIComponent(page.url().split('/').pop() ?? '');
    let status: string | undefined;
    for (let tries = 0; tries < 30 && status !== 'SUCCEEDED'; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 1000));
      const listed = JSON.parse((await fluxo(['executions', 'list', '--machine', 'csv-summary', '--json'], env)).stdout) as { name: string; status: string }[];
      status = listed.find((execution) => execution.name === replayed)?.status;
    }
    expect(status).toBe('SUCCEEDED');
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
    // The redrive links the execution it continues.
    await page.getByRole('link', { name: 'console-bad', exact: true }).waitFor();
  });

  it('reads an execution like the Step Functions console: hint, legend, zoom, table of states, durations, expandable events', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${dev.url}/?inspect#/executions/hello/console-bad`);
    await page.locator('g.state[data-state="Rejected"][data-status="failed"]').waitFor();
    await expect(page.getByText(/^Click a state, or Tab to it and press Enter/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('list', { name: 'Status colours' }).textContent()).resolves.toMatch(/succeeded.*failed.*not reached/);
    // The cause is a document, not an escaped JSON string.
    await expect(page.getByRole('alert').textContent()).resolves.not.toContain('\\"');
    const viewport = page.locator('.graph-viewport');
    const scale = async () => Number(await viewport.getAttribute('data-scale'));
    const before = await scale();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await scale()).toBeCloseTo(before * 1.25, 2);
    await viewport.focus();
    await page.keyboard.press('-');
    expect(await scale()).toBeCloseTo(before, 2);
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    const states = page.getByRole('table', { name: 'States' });
    const greet = states.getByRole('row').filter({ hasText: 'Greet' });
    await expect(greet.textContent()).resolves.toMatch(/Greet\s*Task\s*caught\s*\d+(\.\d)? m?s\s*\d+/);
    await states.getByRole('button', { name: 'Rejected' }).click();
    await page.getByRole('region', { name: 'State input and output' }).getByRole('heading', { name: 'Rejected' }).waitFor();
    await page.getByRole('button', { name: 'Graph', exact: true }).click();
    const failedEvent = page.locator('.timeline li.StateFailed summary').first();
    await failedEvent.click();
    await expect(page.locator('.timeline li.StateFailed details[open] pre').first().textContent()).resolves.toContain('"error"');
  });

  it('filters executions by machine and status, searches by name, puts failures first, and pages', async () => {
    // More than a page of one machine's executions.
    for (let index = 0; index < 26; index++) {
      const ran = await dev.api('/api/cli', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ argv: ['run', 'hello', '--name', `page-${index}`, '--input', '{"name":"Bia"}'] }) });
      expect(((await ran.json()) as { code: number }).code).toBe(0);
    }
    await page.goto(`${dev.url}/?list#/executions`);
    const table = page.getByRole('table', { name: 'Executions' });
    await table.waitFor();
    const statuses = () => table.locator('tbody .badge').allTextContents();
    expect((await statuses())[0]).toBe('FAILED');
    await page.getByLabel('Machine').selectOption('hello');
    await page.getByLabel('Status').selectOption('SUCCEEDED');
    expect(new Set(await statuses())).toEqual(new Set(['SUCCEEDED']));
    await page.getByLabel('Search').fill('console-ok');
    await expect(table.locator('tbody tr').count()).resolves.toBe(1);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption('');
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/^1–25 of \d+ executions/);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Older →' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/^26–\d+ of \d+ executions/);
  });

  it('keeps a CSV in its dataset, shows its status live to the end, and keeps the cents', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fluxo-money-')), 'valores.csv');
    writeFileSync(file, 'data,descricao,valor\n2026-01-02,aluguel,14924.04\n2026-01-03,luz,310.10\n2026-01-04,agua,95.5\n');
    await page.goto(`${dev.url}/?dataset#/csv`);
    await page.getByLabel('Dataset (folder under incoming/)').fill('contas');
    await page.setInputFiles('#csv-file', file);
    const done = page.getByRole('status').getByText(/^valores\.csv: summarized, 3 rows · open$/);
    await done.waitFor({ timeout: 20_000 });
    await expect(page.locator('progress').isVisible()).resolves.toBe(false);
    await page.getByRole('link', { name: 'incoming/contas/valores.csv' }).click();
    const row = page.getByRole('table', { name: 'Per-column statistics' }).getByRole('row').filter({ hasText: 'valor' });
    await expect(row.textContent()).resolves.toContain('14924.04');
    // The only file of its dataset: compared with nothing (sales.csv is in incoming/ itself).
    await expect(page.getByRole('region', { name: 'Drift' }).count()).resolves.toBe(0);
    // A new version with a new column: compared with the first, each flag said once.
    writeFileSync(file, 'data,descricao,valor,obs\n2026-02-02,aluguel,14924.04,fixo\n2026-02-03,luz,298.70,\n');
    await page.goto(`${dev.url}/?dataset2#/csv`);
    await page.setInputFiles('#csv-file', file);
    await page.getByRole('status').getByText(/^valores\.csv: summarized, 2 rows, 1 drift flag · open$/).waitFor({ timeout: 20_000 });
    await page.getByRole('status').getByRole('link', { name: 'open' }).click();
    await expect(page.getByRole('region', { name: 'Drift' }).getByRole('listitem').allTextContents()).resolves.toEqual(['obs: new column (string)']);
  });

  it('says in words that the dev server is not answering, never "Failed to fetch"', async () => {
    await page.goto(`${dev.url}/?offline#/chat`);
    await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('gastei 10 no café');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const said = page.getByRole('status').getByText(/not answering/);
    await said.waitFor();
    await expect(said.textContent()).resolves.toMatch(/^The fluxo dev server is not answering/);
    await expect(page.getByText('Failed to fetch').count()).resolves.toBe(0);
    await page.unroute('**/api/**');
  });

  it('says what became of a client: created, unchanged, rejected with the reason', async () => {
    await page.goto(`${dev.url}/?outcome#/clients`);
    const publish = async (name: string, email: string, phone: string) => {
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Phone').fill(phone);
      await page.getByRole('button', { name: 'Publish NewClientNotification' }).click();
    };
    await publish('Rui Costa', 'rui.costa@example.com', '(31) 99876-1111');
    await page.locator('.outcome.created').waitFor({ timeout: 15_000 });
    await publish('Rui Costa', 'rui.costa@example.com', '(31) 99876-1111');
    await page.locator('.outcome.unchanged').waitFor({ timeout: 15_000 });
    await publish('Sem Email', 'nope', '(31) 99876-2222');
    await expect(page.locator('.outcome.rejected').textContent({ timeout: 15_000 })).resolves.toMatch(/^Rejected: email is not a valid address\./);
  });

  it('fits every page at 390 and 1280 px without scrolling sideways, with readable graphs and its security headers', async () => {
    const executions = (await (await dev.api('/api/executions')).json()) as { machine: string; name: string; status: string; parent?: unknown }[];
    const newest = (machine: string) => executions.find((execution) => execution.machine === machine && !execution.parent)?.name ?? '';
    const summaries = (await (await dev.api('/api/summaries')).json()) as { id: number; key: string }[];
    const pages: [string, string][] = [
      ['executions', '#/executions'],
      ...['hello', 'csv-summary', 'client-registration', 'assistant-turn'].map((machine): [string, string] => [`execution-${machine}`, `#/executions/${machine}/${newest(machine)}`]),
      ['csv', '#/csv'],
      ['csv-summary', `#/csv/${summaries.find((file) => file.key === 'incoming/sales.csv')?.id ?? 0}`],
      ['clients', '#/clients'],
      ['chat', '#/chat'],
    ];
    const widths: Record<string, number> = {};
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      for (const [name, hash] of pages) {
        const response = await page.goto(`${dev.url}/?page=${name}-${width}${hash}`);
        const headers = response?.headers() ?? {};
        expect([headers['x-frame-options'], headers['x-content-type-options'], headers['referrer-policy']]).toEqual(['DENY', 'nosniff', 'no-referrer']);
        expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        if (name.startsWith('execution-')) {
          await page.locator('.graph-viewport[data-scale]').waitFor();
          // State names at the default view, in screen pixels.
          const smallest = await page.locator('g.state text.name').evaluateAll((texts) => Math.min(...texts.map((text) => parseFloat(getComputedStyle(text).fontSize) * ((text as SVGGraphicsElement).getScreenCTM()?.a ?? 0))));
          expect(`${name} at ${width}: ${smallest >= 10}`).toBe(`${name} at ${width}: true`);
        }
        if (name === 'executions') {
          // A phone gets a card per execution with its name, status, machine and start in sight; a laptop the table.
          const cards = page.getByRole('list', { name: 'Executions' });
          const table = page.getByRole('table', { name: 'Executions' });
          expect([await cards.count(), await table.count()]).toEqual(width < 500 ? [1, 0] : [0, 1]);
          if (width < 500) {
            const unseen = await cards.getByRole('listitem').evaluateAll((items) =>
              items.flatMap((item) => {
                const parts = [item.querySelector('a'), item.querySelector('.badge'), ...item.querySelectorAll('.card-meta span')];
                if (parts.length < 5 || parts.some((part) => !part?.textContent)) return [`${item.textContent}: missing a part`];
                return parts.filter((part) => (part as Element).getBoundingClientRect().right > window.innerWidth || (part as Element).getBoundingClientRect().width === 0).map((part) => part?.textContent);
              }),
            );
            expect(unseen).toEqual([]);
            expect(await cards.getByRole('listitem').count()).toBeGreaterThan(0);
          }
        }
        widths[`${name}@${width}`] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
      }
    }
    expect(Object.entries(widths).filter(([, overflow]) => overflow > 1)).toEqual([]);
    // The chat's ledger shows the amount at both widths.
    await page.goto(`${dev.url}/?ledger#/chat`);
    await page.getByLabel('Chatting as').fill('whatsapp:+5511988887777');
    await page.getByLabel('Chatting as').dispatchEvent('change');
    const valor = page.getByRole('table', { name: /^ledger\.xlsx/ }).getByRole('cell', { name: 'R$ 32,50' });
    await valor.waitFor();
    // The ledger may be drawn again (the sender's change and a live update): measure the cell as it stands.
    let box = await valor.boundingBox();
    for (let tries = 0; !box && tries < 50; tries++) box = await page.waitForTimeout(100).then(() => valor.boundingBox());
    expect((box?.x ?? 9999) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
    // Its heading (the table's caption: rows and total) is whole at both widths, not cut at the box's edge.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      const caption = page.getByRole('table', { name: /^ledger\.xlsx/ }).locator('caption');
      await expect(caption.textContent()).resolves.toMatch(/^ledger\.xlsx, this sender: \d+ rows, R\$\s[\d.,]+$/);
      const fits = await caption.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const frame = (element.closest('table') as HTMLElement).getBoundingClientRect();
        return { inside: box.left >= frame.left - 1 && box.right <= frame.right + 1 && box.right <= window.innerWidth, whole: element.scrollWidth <= element.clientWidth + 1 };
      });
      expect(`${width}: ${JSON.stringify(fits)}`).toBe(`${width}: ${JSON.stringify({ inside: true, whole: true })}`);
      // Every cell, Descrição too, is whole and in sight: none cut at the box's edge or the screen's.
      const cut = await page.getByRole('table', { name: /^ledger\.xlsx/ }).evaluate((table) =>
        [...table.querySelectorAll('th, td')].filter((cell) => {
          const box = cell.getBoundingClientRect();
          const frame = table.getBoundingClientRect();
          return box.right > Math.min(frame.right, window.innerWidth) + 1 || cell.scrollWidth > cell.clientWidth + 1;
        }).map((cell) => cell.textContent),
      );
      expect(`${width}: ${JSON.stringify(cut)}`).toBe(`${width}: []`);
    }
  }, 120_000);
});
