import { categoryOf } from '../../src/domain/assistant/categories.js';
import { decideOnResults, decideOnText, describeExpense } from '../../src/adapters/offline-model/policy.js';
import { formatBrl, parseAmount, parseDate, parsePeriod } from '../../src/adapters/offline-model/parse.js';

const today = '2026-11-20'; // a Friday

describe('assistant: reading PT-BR and English expense messages', () => {
  it.each([
    ['R$ 45,90', 45.9],
    ['gastei 45.90 no mercado', 45.9],
    ['paguei 1.234,56 de aluguel', 1234.56],
    ['cem reais na farmácia', 100],
    ['50 conto de cerveja', 50],
    ['vinte e cinco reais de pão', 25],
    ['dois mil reais de aluguel', 2000],
    ['spent 12.5 on lunch', 12.5],
  ])('amount of %s is %s', (text, amount) => expect(parseAmount(text)).toBe(amount));

  it('does not take a day of the month for an amount', () => {
    expect(parseAmount('almoço dia 3')).toBeUndefined();
    expect(parseAmount('gastei 20 no almoço dia 3')).toBe(20);
  });

  it.each([
    ['hoje', '2026-11-20'],
    ['ontem', '2026-11-19'],
    ['anteontem', '2026-11-18'],
    ['dia 3', '2026-11-03'],
    ['dia 25', '2026-10-25'],
    ['03/11', '2026-11-03'],
    ['segunda passada', '2026-11-16'],
    ['na sexta', '2026-11-13'],
    ['domingo', '2026-11-15'],
  ])('date of "%s" is %s', (text, date) => expect(parseDate(text, today)).toBe(date));

  it('reads periods of questions', () => {
    expect(parsePeriod('quanto gastei esse mês?', today)).toMatchObject({ start: '2026-11-01', end: '2026-11-30' });
    expect(parsePeriod('gastos da semana passada', today)).toMatchObject({ start: '2026-11-09', end: '2026-11-15' });
    expect(parsePeriod('resumo de outubro', today)).toMatchObject({ start: '2026-10-01', end: '2026-10-31' });
    expect(parsePeriod('resumo de dezembro', today)).toMatchObject({ start: '2025-12-01', end: '2025-12-31' });
  });

  it('finds categories by keyword, accents or not', () => {
    expect(categoryOf('almoço')).toBe('Alimentação');
    expect(categoryOf('uber pro trabalho')).toBe('Transporte');
    expect(categoryOf('conta de luz')).toBe('Contas');
    expect(categoryOf('quanto gastei com alimentacao')).toBe('Alimentação');
    expect(categoryOf('presente')).toBeUndefined();
  });

  it('decides tool calls for expenses and questions, and small talk otherwise', () => {
    expect(decideOnText('gastei 32,50 no almoço hoje', today)).toEqual({
      kind: 'calls',
      calls: [{ name: 'add_expense', arguments: { date: '2026-11-20', category: 'Alimentação', description: 'almoço', amount: 32.5 } }],
    });
    expect(decideOnText('quanto gastei com transporte esse mês?', today)).toEqual({
      kind: 'calls',
      calls: [{ name: 'get_expenses_by_category', arguments: { category: 'Transporte', start_date: '2026-11-01', end_date: '2026-11-30' } }],
    });
    expect(decideOnText('bom dia!', today)).toMatchObject({ kind: 'message', text: expect.stringContaining('assistente financeiro') });
    expect(describeExpense('cem reais na farmácia anteontem')).toBe('farmácia');
  });

  it('answers from tool results in Portuguese with Brazilian money', () => {
    expect(decideOnResults([{ name: 'get_expenses_by_category', arguments: { category: 'Alimentação', start_date: '2026-11-01', end_date: '2026-11-30' }, output: { total: 1234.5, count: 3 } }])).toEqual({
      kind: 'message',
      text: 'Você gastou R$ 1.234,50 com Alimentação de 01/11/2026 a 30/11/2026 (3 lançamentos).',
    });
    expect(formatBrl(32.5)).toBe('R$ 32,50');
  });
});
