import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { fluxo, startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn' };

describe('fluxo as a user runs it', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  beforeAll(async () => {
    dev = await startDev(env);
  }, 90_000);
  afterAll(async () => dev?.stop());

  it('serves the console page and /health', async () => {
    const page = await fetch(dev.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>fluxo console</title>');
    expect(await (await fetch(`${dev.url}/health`)).json()).toEqual({ status: 'ok', pid: dev.child.pid });
  });

  it('fluxo run hello --history runs through the dev server and prints output and events', async () => {
    const result = await fluxo(['run', 'hello', '--input', '{"name":"Ana","loud":true}', '--name', 'e2e-hello', '--history'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ greeting: 'OLÁ, ANA!' });
    for (const line of ['ExecutionStarted', 'IsLoud (Choice)', 'CatchBreath (Wait)', 'ExecutionSucceeded']) expect(result.stderr).toContain(line);
    // The type column is as wide as the longest type shown (ExecutionSucceeded), two spaces before the state.
    expect(result.stderr).toContain(`${'StateEntered'.padEnd('ExecutionSucceeded'.length)}  Greet (Task)`);
    const listed = (await (await dev.api('/api/executions?machine=hello')).json()) as { name: string; status: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ name: 'e2e-hello', status: 'SUCCEEDED' }));
  });

  it('exits 2 with one line for bad usage', async () => {
    const unknown = await fluxo(['run', 'no-such-machine'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('fluxo: unknown machine no-such-machine: no statemachines/no-such-machine.asl.json');
    const badJson = await fluxo(['run', 'hello', '--input', '{oops'], env);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr.trim()).toBe('fluxo: --input: not valid JSON');
    const badFlag = await fluxo(['run', '--bogus'], env);
    expect(badFlag.code).toBe(2);
  });

  it('fluxo invoke runs one handler as Lambda would', async () => {
    const result = await fluxo(['invoke', 'hello_greet', '--event', path.resolve('fixtures/events/hello-greet.json')], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ greeting: 'Olá, Bruno!', loud: false });
  });

  it('registers clients from fluxo publish client and fluxo invoke, and lists clients and rejections', async () => {
    const valid = await fluxo(['publish', 'client', '{"name_costumer":"Maria Souza","email":"Maria.Souza@Example.com","phone":"(11) 98765-1111"}'], env);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ status: 'SUCCEEDED', result: { outcome: 'created' } });
    const invalid = await fluxo(['publish', 'client', '{"name_costumer":"Sem Email","email":"nope","phone":"11987651111"}'], env);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ status: 'SUCCEEDED', result: { outcome: 'rejected', reason: 'email is not a valid address' } });
    const invoked = await fluxo(['invoke', 'client_ingest', '--event', path.resolve('fixtures/events/new-client-sqs.json')], env);
    expect(JSON.parse(invoked.stdout)).toEqual({ batchItemFailures: [] });
    const clients = JSON.parse((await fluxo(['clients', 'list', '--json'], env)).stdout) as { email: string; phone: string }[];
    expect(clients.map(({ email, phone }) => ({ email, phone }))).toEqual([
      { email: 'maria.souza@example.com', phone: '+5511987651111' },
      { email: 'maria.silva@example.com', phone: '+5511987654321' },
    ]);
    const rejections = JSON.parse((await fluxo(['clients', 'rejections', '--json'], env)).stdout) as { reason: string; payload: unknown }[];
    expect(rejections).toEqual([expect.objectContaining({ reason: 'email is not a valid address', payload: { name_costumer: 'S***', email: 'n***', phone: '1***' } })]);
    const notJson = await fluxo(['publish', 'client', 'not json'], env);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr.trim()).toBe('fluxo: message: not valid JSON');
  });

  it('summarizes a file from the CLI as JSON, and refuses broken input with exit code 2 and one line naming file and line', async () => {
    const json = await fluxo(['summarize', 'fixtures/csv/vendas-latin1.csv', '--json'], env);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { rows: number; delimiter: string; encoding: string; columns: Record<string, unknown>[]; warnings: string[] };
    expect(Object.keys(summary)).toEqual(['rows', 'delimiter', 'encoding', 'decimal', 'columns', 'warnings']);
    expect(summary).toMatchObject({ rows: 4, delimiter: ';', encoding: 'windows-1252', decimal: ',', warnings: [] });
    expect(Object.keys(summary.columns[0] ?? {})).toEqual(['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max', ...(summary.columns[0]?.p50 === null ? [] : ['quantiles'])]);
    expect(summary.columns.filter((column) => column.p50 !== null).map((column) => column.quantiles)).toEqual(summary.columns.filter((column) => column.p50 !== null).map(() => 'exact'));
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-bad-'));
    writeFileSync(path.join(dir, 'binary.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01]));
    writeFileSync(path.join(dir, 'quote.csv'), 'a,b\n1,2\n3,"open\n4,5\n');
    writeFileSync(path.join(dir, 'empty.csv'), '');
    const cases: [string, string][] = [
      ['binary.csv', 'fluxo: binary.csv: line 2: binary data (NUL byte), not a CSV file'],
      ['quote.csv', 'fluxo: quote.csv: line 3: unterminated quoted field'],
      ['empty.csv', 'fluxo: empty.csv: line 1: empty file'],
    ];
    for (const [file, message] of cases) {
      const result = await fluxo(['summarize', path.join(dir, file)], env);
      expect([file, result.code, result.stderr.trim()]).toEqual([file, 2, message]);
    }
  });

  it('summarizes a CSV dropped in the inbox folder through the queue and the machine', async () => {
    writeFileSync(path.join(home, 'inbox', 'dropped.csv'), readFileSync('fixtures/csv/sales.csv'));
    let listed: { key: string; status: string; rows: number }[] = [];
    for (let i = 0; i < 40 && !listed.some((row) => row.key === 'incoming/dropped.csv'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      listed = JSON.parse((await fluxo(['summaries', 'list', '--json'], env)).stdout) as typeof listed;
    }
    expect(listed).toContainEqual(expect.objectContaining({ key: 'incoming/dropped.csv', status: 'summarized', rows: 8 }));
  });

  it('fluxo upload of bad input is one line naming the file and the reason, exit 2, and the failure stays listed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-upload-bad-'));
    const cases: [string, string, RegExp][] = [
      ['open-quote.csv', 'id,note\n1,ok\n2,"never closed\n3,x\n', /line 3: unterminated quoted field$/],
      ['nul.csv', 'a,b\n1,\u00002\n', /line 2: binary data \(NUL byte\), not a CSV file$/],
    ];
    for (const [name, text, reason] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const result = await fluxo(['upload', file, '--prefix', 'bad'], env);
      const lines = result.stderr.trim().split('\n');
      expect([name, result.code, result.stdout, lines.length]).toEqual([name, 2, '', 1]);
      expect(lines[0]?.startsWith(`fluxo: ${file}: failed: `)).toBe(true);
      expect(lines[0]).toMatch(reason);
    }
    const listed = JSON.parse((await fluxo(['summaries', 'list', '--json'], env)).stdout) as { key: string; status: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ key: 'incoming/bad/open-quote.csv', status: 'failed' }));
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, 'a,b\n1,2\n');
    const ok = await fluxo(['upload', good, '--prefix', 'bad'], env);
    expect([ok.code, JSON.parse(ok.stdout)]).toEqual([0, expect.objectContaining({ status: 'summarized', rows: 1 })]);
  }, 60_000);

  it('answers fluxo chat through the dev server, keeps the ledger, and checks signatures on the local webhook', async () => {
    const added = await fluxo(['chat', 'gastei 32,50 no almoço hoje', '--json'], env);
    expect(added.code).toBe(0);
    const turn = JSON.parse(added.stdout) as { reply: string; toolCalls: { name: string; arguments: { amount: number } }[]; executionName: string; status: string };
    expect(turn).toMatchObject({ status: 'SUCCEEDED', toolCalls: [{ name: 'add_expense', arguments: { amount: 32.5 } }] });
    expect(turn.reply).toMatch(/^Anotado: R\$ 32,50 em Alimentação \(almoço\) no dia \d\d\/\d\d\/\d{4}\.\nSe não era isso, responda "desfaz"\.$/);
    const voice = await fluxo(['chat', '--audio', 'fixtures/audio/gasto-uber.ogg'], env);
    expect(voice.stdout.trim()).toMatch(/^🎙️ Ouvi: "gastei vinte e cinco reais no uber ontem"\n\nAnotado: R\$ 25,00 em Transporte/);
    const query = await fluxo(['chat', 'quanto gastei com alimentação esse mês?'], env);
    expect(query.stdout.trim()).toMatch(/^Você gastou R\$ 32,50 com Alimentação/);
    const rows = JSON.parse((await fluxo(['expenses', 'list', '--json'], env)).stdout) as { category: string; amount: number }[];
    expect(rows.map((row) => [row.category, row.amount])).toEqual([['Alimentação', 32.5], ['Transporte', 25]]);
    const history = await fluxo(['executions', 'show', 'assistant-turn', turn.executionName], env);
    expect(history.stdout + history.stderr).toContain('WaitForModel');
    expect((await fluxo(['chat', '--from', '5511999990000', 'oi'], env)).code).toBe(2);

    // Twilio (through a tunnel) posting to the dev server: signed against the configured URL with the dev token.
    const { TWILIO_AUTH_TOKEN: token } = JSON.parse(readFileSync(path.join(home, 'dev-secrets.json'), 'utf8')) as { TWILIO_AUTH_TOKEN: string };
    const params = { MessageSid: `SM${'c'.repeat(32)}`, From: 'whatsapp:+5511977776666', To: 'whatsapp:+14155238886', Body: 'oi', NumMedia: '0' };
    const post = (signature?: string) =>
      fetch(`${dev.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) }, body: new URLSearchParams(params) });
    expect((await post()).status).toBe(403);
    const signed = await post(twilio.getExpectedTwilioSignature(token, 'http://localhost:3000/webhook/whatsapp', params));
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('<Response/>');
  });
});
