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

  const none = { last: null, id: null, description: null, amount: null, date: null, start_date: null, end_date: null, category: null };
  const keep = { date: null, category: null, description: null, amount: null };
  const add = (ledger: MemoryLedger, kv: JsonKeyValueStore, rows: [string, string, string, number][], sender = ANA) =>
    rows.reduce<Promise<unknown>>((previous, [date, category, description, amount], index) => previous.then(() => call(ledger, 'add_expense', { date, category, description, amount }, `add_${sender.slice(-1)}_${description}_${index}`, sender, kv)), Promise.resolve());

  it('keeps two senders apart: totals, deletions and corrections see only their own rows', async () => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Lazer', description: 'cinema', amount: 40 }, 'c1', ANA);
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Lazer', description: 'show', amount: 300 }, 'c2', BIA);
    expect(await call(ledger, 'get_expenses_by_period', { start_date: '2026-11-01', end_date: '2026-11-30', chart: false }, 'c3', ANA)).toMatchObject({ total: 40, count: 1 });
    expect(await call(ledger, 'delete_expense', { target: { ...none, last: true } }, 'c4', ANA)).toMatchObject({ ok: true, deleted: { description: 'cinema', amount: 40 } });
    expect(await call(ledger, 'delete_expense', { target: { ...none, last: true } }, 'c5', ANA)).toMatchObject({ ok: false, found: 'none' });
    expect(await call(ledger, 'delete_expense', { target: { ...none, description: 'show' } }, 'c6', ANA)).toMatchObject({ ok: false, found: 'none' });
    expect(await call(ledger, 'update_expense', { target: { ...none, id: 'WhatsApp c2' }, fields: { ...keep, amount: 1 } }, 'c7', ANA)).toMatchObject({ ok: false });
    expect(ledger.rows).toEqual([expect.objectContaining({ description: 'show', amount: 300, sender: BIA })]);
  });

  it('deletes the row the target names (description, amount, date, category), the most recent of duplicates, and nothing when none matches', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    await add(ledger, kv, [['2026-11-17', 'Transporte', 'uber', 45], ['2026-11-18', 'Contas', 'conta de luz', 80], ['2026-11-18', 'Transporte', 'Uber', 45], ['2026-11-16', 'Alimentação', 'almoço', 30]]);
    expect(await call(ledger, 'delete_expense', { target: { ...none, description: 'uber' } }, 'd1', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'Uber', date: '2026-11-18' } });
    expect(await call(ledger, 'delete_expense', { target: { ...none, description: 'cinema' } }, 'd2', ANA, kv)).toMatchObject({ ok: false, found: 'none' });
    expect(await call(ledger, 'delete_expense', { target: { ...none, amount: 80 } }, 'd3', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'conta de luz' } });
    expect(await call(ledger, 'delete_expense', { target: { ...none, date: '2026-11-16' } }, 'd4', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'almoço' } });
    expect(ledger.rows.map((row) => `${row.date} ${row.description}`)).toEqual(['2026-11-17 uber']);
  });

  it('asks which, changing nothing, whatever names several different rows: a day, a period, a category, an amount, words', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    await add(ledger, kv, [['2026-11-16', 'Alimentação', 'padaria', 12], ['2026-11-17', 'Transporte', 'uber', 45], ['2026-11-17', 'Contas', 'luz', 80], ['2026-11-18', 'Alimentação', 'café', 12], ['2026-11-18', 'Transporte', 'uber pro trabalho', 45]]);
    const before = ledger.rows.map((row) => ({ ...row }));
    const cases: [Record<string, unknown>, string[]][] = [
      // "apaga o de ontem": two rows that day, of different amounts: not the last of them.
      [{ date: '2026-11-17' }, ['luz', 'uber']],
      [{ start_date: '2026-11-16', end_date: '2026-11-17' }, ['luz', 'uber', 'padaria']],
      [{ category: 'Transporte' }, ['uber pro trabalho', 'uber']],
      // The same amount, different expenses: "apaga o de 12" is the padaria or the café.
      [{ amount: 12 }, ['café', 'padaria']],
      [{ description: 'uber' }, ['uber pro trabalho', 'uber']],
    ];
    for (const [index, [target, candidates]] of cases.entries()) {
      const asked = (await call(ledger, 'delete_expense', { target: { ...none, ...target } }, `a${index}`, ANA, kv)) as { found?: string; candidates?: { description: string }[] };
      expect([JSON.stringify(target), asked.found, asked.candidates?.map((row) => row.description)]).toEqual([JSON.stringify(target), 'ambiguous', candidates]);
      const updated = await call(ledger, 'update_expense', { target: { ...none, ...target }, fields: { ...keep, amount: 1 } }, `b${index}`, ANA, kv);
      expect(updated).toMatchObject({ ok: false, found: 'ambiguous' });
    }
    expect(ledger.rows).toEqual(before);
    // "O último de ontem" says which: the most recent of that day.
    expect(await call(ledger, 'delete_expense', { target: { ...none, date: '2026-11-17', last: true } }, 'c1', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'luz' } });
    // One row left that day: a day alone names it.
    expect(await call(ledger, 'delete_expense', { target: { ...none, date: '2026-11-17' } }, 'c2', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'uber', amount: 45 } });
  });

  it('falls back to one telling word when no row has every word of the target, never to a vague one', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    await add(ledger, kv, [['2026-11-17', 'Transporte', 'uber pro aeroporto', 55], ['2026-11-18', 'Contas', 'conta de luz', 80], ['2026-11-18', 'Contas', 'conta de água', 60]]);
    expect(await call(ledger, 'delete_expense', { target: { ...none, description: 'conta de gás' } }, 'd1', ANA, kv)).toMatchObject({ ok: false, found: 'none' });
    expect(await call(ledger, 'delete_expense', { target: { ...none, description: 'corrida do aeroporto' } }, 'd2', ANA, kv)).toMatchObject({ ok: true, deleted: { description: 'uber pro aeroporto' } });
    expect(ledger.rows.map((row) => row.description)).toEqual(['conta de luz', 'conta de água']);
  });

  it('asks which when the matches differ in amount, changing nothing, and takes the chosen id', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    await add(ledger, kv, [['2026-11-10', 'Alimentação', 'mercado', 200], ['2026-11-18', 'Alimentação', 'mercado', 50]]);
    const asked = await call(ledger, 'delete_expense', { target: { ...none, description: 'mercado' } }, 'd1', ANA, kv);
    expect(asked).toMatchObject({ ok: false, found: 'ambiguous', candidates: [{ amount: 50 }, { amount: 200 }] });
    expect(ledger.rows).toHaveLength(2);
    const id = (asked.candidates as { id: string }[])[0]!.id;
    expect(await call(ledger, 'update_expense', { target: { ...none, id }, fields: { ...keep, amount: 55 } }, 'u1', ANA, kv)).toMatchObject({ ok: true, before: { amount: 50 }, updated: { amount: 55 } });
    expect(await call(ledger, 'update_expense', { target: { ...none, description: 'mercado', amount: 200 }, fields: { ...keep, amount: 230 } }, 'u2', ANA, kv)).toMatchObject({ ok: true, before: { amount: 200 }, updated: { amount: 230 }, changed: ['amount'] });
    expect(ledger.rows.map((row) => row.amount)).toEqual([230, 55]);
  });

  it('deletes once per call id, even when the call is retried after the row went', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    for (const [index, amount] of [10, 20, 30].entries()) await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Outros', description: `item ${index}`, amount }, `add_${index}`, ANA, kv);
    const first = await call(ledger, 'delete_expense', { target: { ...none, last: true } }, 'del_1', ANA, kv);
    const retried = await call(ledger, 'delete_expense', { target: { ...none, last: true } }, 'del_1', ANA, kv);
    expect(retried).toEqual(first);
    expect(ledger.rows.map((row) => row.amount)).toEqual([10, 20]);
    expect(await call(ledger, 'delete_expense', { target: { ...none, last: true } }, 'del_2', ANA, kv)).toMatchObject({ deleted: { amount: 20 } });
    expect(ledger.rows.map((row) => row.amount)).toEqual([10]);
  });

  it('undoes the last turn\'s changes (adds, a delete, an update) once per call id, newest first', async () => {
    const ledger = new MemoryLedger();
    const kv = new JsonKeyValueStore();
    const run = (name: string, args: Record<string, unknown>, reference: string, turn: string) => runTool({ ledger, sender: ANA, reference, turn, journal: { kv, table: 'conversations' } }, name, args).then((result) => result.output as Record<string, unknown>);
    await run('add_expense', { date: '2026-11-18', category: 'Saúde', description: 'academia', amount: 99 }, 'a1', 't1');
    await run('add_expense', { date: '2026-11-18', category: 'Alimentação', description: 'pão', amount: 10 }, 'a2', 't2');
    await run('add_expense', { date: '2026-11-18', category: 'Alimentação', description: 'leite', amount: 6 }, 'a3', 't2');
    expect(await run('undo_last_change', {}, 'z1', 't3')).toMatchObject({ ok: true, undone: [{ kind: 'add', after: { description: 'leite' } }, { kind: 'add', after: { description: 'pão' } }] });
    expect(await run('undo_last_change', {}, 'z1', 't3')).toMatchObject({ ok: true, undone: [{ kind: 'add', after: { description: 'leite' } }, { kind: 'add', after: { description: 'pão' } }] });
    expect(ledger.rows.map((row) => row.description)).toEqual(['academia']);
    await run('update_expense', { target: { ...none, last: true }, fields: { ...keep, amount: 120 } }, 'u1', 't4');
    await run('undo_last_change', {}, 'z2', 't5');
    expect(ledger.rows.map((row) => row.amount)).toEqual([99]);
    await run('delete_expense', { target: { ...none, description: 'academia' } }, 'd1', 't6');
    expect(ledger.rows).toEqual([]);
    expect(await run('undo_last_change', {}, 'z3', 't7')).toMatchObject({ undone: [{ kind: 'delete', before: { description: 'academia', amount: 99 } }] });
    expect(await run('undo_last_change', {}, 'z3', 't7')).toMatchObject({ undone: [{ kind: 'delete' }] });
    expect(ledger.rows.map((row) => [row.description, row.amount])).toEqual([['academia', 99]]);
    // Everything undone now is the first add; after that, nothing is left to undo.
    await run('undo_last_change', {}, 'z4', 't8');
    expect(await run('undo_last_change', {}, 'z5', 't9')).toMatchObject({ ok: false, undone: [] });
    expect(ledger.rows).toEqual([]);
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
    ['update_expense', { target: { last: true, id: null, description: null, amount: null, date: null, start_date: null, end_date: null, category: null }, fields: { date: null, category: null, description: null, amount: null } }, 'at least one new value'],
    ['delete_expense', { target: { last: true } }, 'target.id'],
    ['delete_everything', {}, 'unknown tool delete_everything'],
  ])('answers %s with bad arguments as {error} for the model, changing nothing', async (name, args, message) => {
    const ledger = new MemoryLedger();
    await call(ledger, 'add_expense', { date: '2026-11-20', category: 'Outros', description: 'keep', amount: 1 }, 'keep');
    expect(String((await call(ledger, name, args, 'call_x')).error)).toContain(message);
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0]).toMatchObject({ amount: 1, category: 'Outros' });
  });

  it('gives the model strict JSON schemas generated from the same zod definitions', () => {
    expect(TOOLS.map((tool) => tool.name)).toEqual(['add_expense', 'get_expenses_by_category', 'get_expenses_by_period', 'delete_expense', 'update_expense', 'undo_last_change']);
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
