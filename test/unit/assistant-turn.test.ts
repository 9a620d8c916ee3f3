import { readFileSync } from 'node:fs';
import { opusComments } from '../../src/adapters/offline-model/audio.js';
import type { Ledger, LedgerRow } from '../../src/ports/ledger.js';
import { runTool } from '../../src/workflows/assistant/tools.js';
import { instructionsFor, replyText, splitMessage, todayInSaoPaulo } from '../../src/workflows/assistant/turn.js';
import { turnInputFrom } from '../../src/workflows/assistant/webhook.js';

class MemoryLedger implements Ledger {
  rows: LedgerRow[] = [];
  async add(row: LedgerRow) {
    if (row.notes && this.rows.some((existing) => existing.notes === row.notes)) return false;
    this.rows.push(row);
    return true;
  }
  async list(filter: { category?: string; from?: string; to?: string } = {}) {
    return this.rows.filter((row) => (!filter.category || row.category === filter.category) && (!filter.from || row.date >= filter.from) && (!filter.to || row.date <= filter.to));
  }
}

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

describe('runTool', () => {
  it('adds a row once per call id and answers sums by category and period', async () => {
    const ledger = new MemoryLedger();
    const args = { date: '2026-11-20', category: 'Transporte', description: 'uber', amount: 25.456 };
    expect(await runTool(ledger, 'add_expense', args, 'call_1')).toMatchObject({ ok: true, added: true, row: { amount: 25.46 } });
    expect(await runTool(ledger, 'add_expense', args, 'call_1')).toMatchObject({ ok: true, added: false });
    await runTool(ledger, 'add_expense', { date: '2026-11-21', category: 'Alimentação', description: 'pão', amount: 10 }, 'call_2');
    expect(await runTool(ledger, 'get_expenses_by_category', { category: 'Transporte', start_date: '2026-11-01', end_date: '2026-11-30' }, 'call_3')).toMatchObject({ total: 25.46, count: 1 });
    expect(await runTool(ledger, 'get_expenses_by_period', { start_date: '2026-11-21', end_date: '2026-11-21' }, 'call_4')).toMatchObject({ total: 10, count: 1, by_category: { Alimentação: 10 } });
  });
  it.each([
    ['add_expense', { date: '20/11/2026', category: 'Transporte', description: 'uber', amount: 1 }, 'date must be YYYY-MM-DD'],
    ['add_expense', { date: '2026-11-20', category: 'Viagem', description: 'uber', amount: 1 }, 'category must be one of'],
    ['add_expense', { date: '2026-11-20', category: 'Outros', description: 'x', amount: -3 }, 'amount must be a positive number'],
    ['get_expenses_by_period', { start_date: '2026-11-30', end_date: '2026-11-01' }, 'start_date must not be after end_date'],
    ['delete_everything', {}, 'unknown tool delete_everything'],
  ])('answers %s with bad arguments as {error} for the model, adding nothing', async (name, args, message) => {
    const ledger = new MemoryLedger();
    expect(((await runTool(ledger, name, args, 'call_x')) as { error: string }).error).toContain(message);
    expect(ledger.rows).toHaveLength(0);
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
