import { readFileSync } from 'node:fs';
import { opusComments } from '../../src/adapters/offline-model/audio.js';
import { JsonKeyValueStore } from '../../src/adapters/local/json-kv.js';
import { runTool, TOOLS, type ToolContext } from '../../src/workflows/assistant/tools.js';
import { MemoryLedger } from '../support/memory-ledger.js';
import { instructionsFor, replyText, splitMessage, todayInSaoPaulo } from '../../src/workflows/assistant/turn.js';
import { turnInputFrom } from '../../src/workflows/assistant/webhook.js';

describe('splitMessage', () => {
  it('keeps a short reply whole and splits a long one on word boundaries, each part within 1600 characters', () => {
    expect(splitMessage('olá')).toEqual(['olá']);
    const long = Array.from({ length: 500 }, (_, index) => `palavra${index}`).join(' ');
    const parts = splitMessage(long);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((part) => part.length <= 1600)).toBe(true);
    expect(parts.join(' ')).toBe(long);
  });
  it('cuts a text without spaces at the limit', () => {
    expect(splitMessage('x'.repeat(3300)).map((part) => part.length)).toEqual([1600, 1600, 100]);
  });
});

describe('replies and instructions', () => {
  it('quotes what was heard before the answer to a voice note', () => {
    expect(replyText('Anotado.', 'gastei dez reais')).toBe('🎙️ Ouvi: "gastei dez reais"\n\nAnotado.');
    expect(replyText('Anotado.', null)).toBe('Anotado.');
  });
  it("states today's date in America/Sao_Paulo (03:00 UTC is still the day before there)", () => {
    const now = new Date('2026-11-21T02:30:00Z');
    expect(todayInSaoPaulo(now)).toBe('2026-11-20');
    expect(instructionsFor(now)).toContain('Hoje é 2026-11-20');
  });
});

const ANA = 'whatsapp:+5511999990001';
const BIA = 'whatsapp:+5511999990002';
const context = (ledger: MemoryLedger, sender: string, reference: string, kv = new JsonKeyValueStore()): ToolContext => ({ ledger, sender, reference, journal: { kv, table: 'conversations' } });
const call = async (ledger: MemoryLedger, name: string, args: Record<string, unknown>, reference: string, sender = ANA, kv?: JsonKeyValueStore) => (await runTool(context(ledger, sender, reference, kv), name, args)).output as Record<string, unknown>;

describe('runTool', () => {
  it('adds a row once per call id and answers sums by category and period', async () => {
    const ledger = new MemoryLedger();
    const args = { date: '2026-11-20', category: 'Transporte', description: 'uber', amount: 25.456 };
    expect(await call(ledger, 'add_expense', args, 'call_1')).toMatchObject({ ok: true, added: true, row: { amount: 25.46, id: 'WhatsApp call_1' } });
    expect(await call(ledger, 'add_expense', args, 'call_1')).toMatchObject({ ok: true, added: false });
    await call(ledger, 'add_expense', { date: '2026-11-21', category: 'Alimentação', description: 'pão', amount: 10 }, 'call_2');
    expect(await call(ledger, 'get_expenses_by_category', { category: 'Transporte', start_date: '2026-11-01', end_date: '2026-11-30' }, 'call_3')).toMatchObject({ total: 25.46, count: 1 });
    expect(await call(ledger, 'get_expenses_by_period', { start_date: '2026-11-21', end_date: '2026-11-21', chart: false }, 'call_4')).toMatchObject({ total: 10, count: 1, by_category: { Alimentação: 10 } });
    expect(ledger.rows.map((row) => row.sender)).toEqual([ANA, ANA]);
  });

  it('keeps two senders apart: totals, deletions and corrections see only their own rows', async () => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Lazer', description: 'cinema', amount: 40 }, 'c1', ANA);
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Lazer', description: 'show', amount: 300 }, 'c2', BIA);
    expect(await call(ledger, 'get_expenses_by_period', { start_date: '2026-11-01', end_date: '2026-11-30', chart: false }, 'c3', ANA)).toMatchObject({ total: 40, count: 1 });
    expect(await call(ledger, 'delete_last_expense', {}, 'c4', ANA)).toMatchObject({ ok: true, deleted: { description: 'cinema', amount: 40 } });
    expect(await call(ledger, 'delete_last_expense', {}, 'c5', ANA)).toMatchObject({ ok: false, deleted: null });
    expect(await call(ledger, 'update_expense', { row: 'WhatsApp c2', fields: { date: null, category: null, description: null, amount: 1 } }, 'c6', ANA)).toMatchObject({ ok: false });
    expect(ledger.rows).toEqual([expect.objectContaining({ description: 'show', amount: 300, sender: BIA })]);
  });

  it('deletes the last row once per call id, even when the call is retried after the row went', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    for (const [index, amount] of [10, 20, 30].entries()) await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Outros', description: `item ${index}`, amount }, `add_${index}`, ANA, kv);
    const first = await call(ledger, 'delete_last_expense', {}, 'del_1', ANA, kv);
    const retried = await call(ledger, 'delete_last_expense', {}, 'del_1', ANA, kv);
    expect(retried).toEqual(first);
    expect(ledger.rows.map((row) => row.amount)).toEqual([10, 20]);
    expect(await call(ledger, 'delete_last_expense', {}, 'del_2', ANA, kv)).toMatchObject({ deleted: { amount: 20 } });
    expect(ledger.rows.map((row) => row.amount)).toEqual([10]);
  });

  it('corrects the last row or a row by id, and says what changed', async () => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Outros', description: 'cinema', amount: 40 }, 'a1');
    await call(ledger, 'add_expense', { date: '2026-11-21', category: 'Alimentação', description: 'pizza', amount: 50 }, 'a2');
    const none = { date: null, category: null, description: null };
    expect(await call(ledger, 'update_expense', { row: 'last', fields: { ...none, amount: 45 } }, 'u1')).toMatchObject({ ok: true, before: { amount: 50 }, updated: { amount: 45, description: 'pizza' }, changed: ['amount'] });
    expect(await call(ledger, 'update_expense', { row: 'WhatsApp a1', fields: { date: null, description: null, amount: null, category: 'Lazer' } }, 'u2')).toMatchObject({ ok: true, updated: { category: 'Lazer', amount: 40 } });
    expect(ledger.rows.map((row) => [row.category, row.amount])).toEqual([['Lazer', 40], ['Alimentação', 45]]);
  });

  it('answers a chart request with the totals per category as a chart the reply carries', async () => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Lazer', description: 'cinema', amount: 40 }, 'a1');
    await call(ledger, 'add_expense', { date: '2026-11-21', category: 'Alimentação', description: 'pizza', amount: 50 }, 'a2');
    const { chart } = await runTool(context(ledger, ANA, 'q1'), 'get_expenses_by_period', { start_date: '2026-11-01', end_date: '2026-11-30', chart: true });
    expect(chart).toEqual({ title: 'Gastos de 01/11/2026 a 30/11/2026', bars: [{ label: 'Alimentação', value: 50 }, { label: 'Lazer', value: 40 }] });
  });

  it.each([
    ['add_expense', { date: '20/11/2026', category: 'Transporte', description: 'uber', amount: 1 }, 'date must be YYYY-MM-DD'],
    ['add_expense', { date: '2026-11-20', category: 'Viagem', description: 'uber', amount: 1 }, 'category'],
    ['add_expense', { date: '2026-11-20', category: 'Outros', description: 'x', amount: -3 }, 'amount'],
    ['get_expenses_by_period', { start_date: '2026-11-30', end_date: '2026-11-01', chart: false }, 'start_date must not be after end_date'],
    ['update_expense', { row: 'last', fields: { date: null, category: null, description: null, amount: null } }, 'at least one new value'],
    ['delete_everything', {}, 'unknown tool delete_everything'],
  ])('answers %s with bad arguments as {error} for the model, changing nothing', async (name, args, message) => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Outros', description: 'keep', amount: 1 }, 'keep');
    expect(String((await call(ledger, name, args, 'call_x')).error)).toContain(message);
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0]).toMatchObject({ amount: 1, category: 'Outros' });
  });

  it('gives the model strict JSON schemas generated from the same zod definitions', () => {
    expect(TOOLS.map((tool) => tool.name)).toEqual(['add_expense', 'get_expenses_by_category', 'get_expenses_by_period', 'delete_last_expense', 'update_expense']);
    for (const tool of TOOLS) {
      const walk = (schema: Record<string, unknown>): void => {
        if (schema.type !== 'object') return;
        const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
        expect(schema.additionalProperties).toBe(false);
        expect([...((schema.required as string[]) ?? [])].sort()).toEqual(Object.keys(properties).sort());
        Object.values(properties).forEach(walk);
      };
      expect(tool.strict).toBe(true);
      expect(tool.parameters).not.toHaveProperty('$schema');
      walk(tool.parameters);
    }
    const update = TOOLS.find((tool) => tool.name === 'update_expense')!.parameters as { properties: { fields: { properties: { category: { anyOf: unknown[] } } } } };
    expect(update.properties.fields.properties.category.anyOf).toEqual([{ type: 'string', enum: ['Alimentação', 'Transporte', 'Moradia', 'Saúde', 'Educação', 'Lazer', 'Vestuário', 'Contas', 'Outros'] }, { type: 'null' }]);
    expect(JSON.stringify(TOOLS)).not.toMatch(/minLength|maxLength|\$schema/);
  });
});

describe('turnInputFrom (Twilio form parameters)', () => {
  const settings = { authToken: 'x', webhookUrl: 'https://x/webhook/whatsapp', transcriber: 'openai' as const };
  const sid = `SM${'a'.repeat(32)}`;
  it('takes a voice note as media and a text as text, with a stale-lock horizon 10 minutes back', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const input = turnInputFrom({ MessageSid: sid, From: 'whatsapp:+5511999990000', To: 'whatsapp:+14155238886', Body: '', NumMedia: '1', MediaUrl0: 'https://api.twilio.com/x', MediaContentType0: 'audio/ogg' }, settings, now);
    expect(input).toMatchObject({ numMedia: 1, media: { url: 'https://api.twilio.com/x', contentType: 'audio/ogg' }, heard: null, turn: { messageSid: sid, staleBefore: '2026-11-20T11:50:00.000Z' } });
  });
  it.each([
    [{ From: 'whatsapp:+5511999990000', Body: 'oi' }, 'MessageSid'],
    [{ MessageSid: sid, From: '+5511999990000', Body: 'oi' }, 'From must be a WhatsApp sender'],
    [{ MessageSid: sid, From: 'whatsapp:+5511999990000', Body: '  ' }, 'neither text nor media'],
  ])('refuses %j', (params, message) => {
    expect(() => turnInputFrom(params as Record<string, string>, settings)).toThrow(message);
  });
});

describe('opusComments', () => {
  it('reads the comments of the committed voice-note fixture, and nothing from other bytes', () => {
    expect(opusComments(readFileSync('fixtures/audio/gasto-uber.ogg'))).toMatchObject({ TRANSCRIPT: 'gastei vinte e cinco reais no uber ontem', LANGUAGE: 'pt-BR' });
    expect(opusComments(Buffer.from('not an ogg file'))).toEqual({});
    expect(opusComments(Buffer.concat([Buffer.from('OpusTags'), Buffer.from([255, 255, 255, 255])]))).toEqual({});
  });
});
