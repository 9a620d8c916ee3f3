import { decideOnResults, decideOnText, describeExpense } from '../../src/adapters/offline-model/policy.js';
import { bestAmount } from '../../src/adapters/offline-model/amounts.js';
import type { IsoDate } from '../../src/adapters/offline-model/calendar.js';
import { categoryIn } from '../../src/adapters/offline-model/categories.js';
import { dateIn } from '../../src/adapters/offline-model/dates.js';
import { periodIn } from '../../src/adapters/offline-model/periods.js';
import { read } from '../../src/adapters/offline-model/reading.js';
import { formatBrl } from '../../src/domain/format.js';
import { CATEGORIES, type Category } from '../../src/domain/assistant/categories.js';
import { LEXICON } from '../../src/domain/assistant/lexicon.js';
import { editDistance, fold } from '../../src/domain/assistant/words.js';
import { evaluate, loadSet } from '../support/assistant-set.js';

const today = '2026-11-20'; // a Friday

// What the policy reads from a message, each from the text alone.
const parseAmount = (text: string) => bestAmount(read(text))?.value;
const parseDate = (text: string, on: IsoDate) => dateIn(read(text), on);
const parsePeriod = (text: string, on: IsoDate) => periodIn(read(text), on);
const categoryOf = (text: string) => categoryIn(read(text));

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
    expect(categoryOf('presente')).toBe('Outros');
    expect(categoryOf('bilhete')).toBeUndefined();
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
    expect(decideOnText('resumo do mês', today)).toEqual({ kind: 'calls', calls: [{ name: 'get_expenses_by_period', arguments: { start_date: '2026-11-01', end_date: '2026-11-30', chart: true } }] });
    const last = { last: true, id: null, description: null, amount: null, date: null, start_date: null, end_date: null, category: null };
    expect(decideOnText('apaga o último', today)).toEqual({ kind: 'calls', calls: [{ name: 'delete_expense', arguments: { target: last } }] });
    expect(decideOnText('apaga o do uber', today)).toEqual({ kind: 'calls', calls: [{ name: 'delete_expense', arguments: { target: { ...last, last: null, description: 'uber' } } }] });
    expect(decideOnText('era Lazer, não Outros', today)).toEqual({ kind: 'calls', calls: [{ name: 'update_expense', arguments: { target: last, fields: { date: null, category: 'Lazer', description: null, amount: null } } }] });
    expect(decideOnText('o mercado foi 230, não 200', today)).toEqual({
      kind: 'calls',
      calls: [{ name: 'update_expense', arguments: { target: { ...last, last: null, description: 'mercado', amount: 200 }, fields: { date: null, category: null, description: null, amount: 230 } } }],
    });
    expect(decideOnText('desfaz', today)).toEqual({ kind: 'calls', calls: [{ name: 'undo_last_change', arguments: {} }] });
    expect(decideOnText('gastei 20 no café e 35 no almoço', today)).toMatchObject({ kind: 'calls', calls: [{ arguments: { amount: 20, description: 'café' } }, { arguments: { amount: 35, description: 'almoço' } }] });
    expect(decideOnText('bom dia!', today)).toMatchObject({ kind: 'message', text: expect.stringContaining('assistente financeiro') });
    expect(describeExpense('cem reais na farmácia anteontem')).toBe('farmácia');
  });

  it('answers from tool results in Portuguese with Brazilian money', () => {
    expect(decideOnResults([{ name: 'get_expenses_by_category', arguments: { category: 'Alimentação', start_date: '2026-11-01', end_date: '2026-11-30' }, output: { total: 1234.5, count: 3 } }])).toMatchObject({
      kind: 'message',
      text: 'Você gastou R$ 1.234,50 com Alimentação de 01/11/2026 a 30/11/2026 (3 lançamentos).',
    });
    expect(formatBrl(32.5)).toBe('R$ 32,50');
  });
});

describe('assistant: understanding messages as people type them', () => {
  it.each([
    ['três mil e quatrocentos reais', 3400],
    ['dois mil quinhentos e noventa', 2590],
    ['one hundred twenty', 120],
    ['um milhão e duzentos mil', 1_200_000],
    ['mil e quinhentos', 1500],
    ['vinte reais e cinquenta centavos', 20.5],
    ['R$50', 50],
    ['50,00', 50],
    ['1.234,56', 1234.56],
    ['50 conto', 50],
    ['50 pila', 50],
    ['2 mil', 2000],
    ['gastei 2 mil e 300 no notebook', 2300],
    ['1 mil e duzentos de conserto', 1200],
    ['1,5k', 1500],
    ['99 pop 23 reais', 23],
    ['abasteci 150 no posto 24h', 150],
    ['linha 175 5 reais', 5],
    ['comprei um tenis de duzentos', 200],
  ])('amount of "%s" is %s', (text, amount) => expect(parseAmount(text)).toBe(amount));

  it('takes no number that is an address, a bus line or hours for an amount when it is the only one', () => {
    expect(parseAmount('rua 15')).toBeUndefined();
    expect(parseAmount('aberto 24h')).toBeUndefined();
  });

  it.each([
    ['onten', '2026-11-19'],
    ['antontem', '2026-11-18'],
    ['sexta feira', '2026-11-13'],
    ['ha 3 dias', '2026-11-17'],
    ['5 days ago', '2026-11-15'],
    ['3 de novembro', '2026-11-03'],
    ['last friday', '2026-11-13'],
  ])('date of "%s" is %s', (text, date) => expect(parseDate(text, today)).toBe(date));

  it.each([
    ['de 01/11 a 15/11', '2026-11-01', '2026-11-15'],
    ['entre 3 e 10 de novembro', '2026-11-03', '2026-11-10'],
    ['do dia 5 ao dia 12', '2026-11-05', '2026-11-12'],
    ['de 20/12 a 05/01', '2025-12-20', '2026-01-05'],
    ['ultimos 7 dias', '2026-11-14', '2026-11-20'],
    ['últimas 2 semanas', '2026-11-07', '2026-11-20'],
    ['esse ano', '2026-01-01', '2026-12-31'],
    ['last week', '2026-11-09', '2026-11-15'],
    ['this month', '2026-11-01', '2026-11-30'],
    ['outubro de 2025', '2025-10-01', '2025-10-31'],
    ['novembro', '2026-11-01', '2026-11-30'],
    ['desde segunda', '2026-11-16', '2026-11-20'],
  ])('period of "%s" is %s..%s', (text, start, end) => expect(parsePeriod(text, today)).toMatchObject({ start, end }));

  it('corrects typos within one edit from 5 letters and two from 8, swaps of neighbours included', () => {
    expect(editDistance('farmcia', 'farmacia')).toBe(1);
    expect(editDistance('estacionamneto', 'estacionamento')).toBe(1);
    expect(categoryOf('farmcia')).toBe('Saúde');
    expect(categoryOf('restaurnte')).toBe('Alimentação');
    expect(categoryOf('gasolna')).toBe('Transporte');
    // Four letters: no correction, so "cafe" and "casa" stay apart.
    expect(categoryOf('caf')).toBeUndefined();
  });

  // Ten everyday expenses per category, none of them a word of the lexicon as written: stems, families, plurals, typos.
  const EVERYDAY: Record<Category, string[]> = {
    Alimentação: ['pizzaria', 'padarias', 'almocinho', 'jantinha', 'lanchinho', 'sorveteria', 'hamburguer artesanal', 'chocolates', 'supermercados', 'churrascaria'],
    Transporte: ['gasolna', 'estacionamneto', 'combustivel aditivado', 'abastecimento', 'pedagios', 'transportes', 'mecanico', 'estacionei', 'abasteci', 'ubber'],
    Moradia: ['alugueis', 'condominios', 'reformas', 'imobiliaria', 'mobilia', 'faxineira', 'construtora', 'eletrodomestico', 'aluguell', 'reformei'],
    Saúde: ['farmcia', 'remedios', 'medicamentos', 'dentistas', 'hospitalar', 'clinicas', 'psicologo', 'terapeuta', 'vacinas', 'suplementos'],
    Educação: ['escolar', 'faculdades', 'universidade', 'apostilas', 'cadernos', 'canetas', 'professora', 'certificacao', 'educacional', 'facudade'],
    Lazer: ['cinemas', 'teatros', 'viagens', 'hospedagem', 'ingressos', 'passeios', 'cervejas', 'entretenimento', 'cinena', 'viajem'],
    Vestuário: ['roupinha', 'camisetas', 'camisas', 'sapatilha', 'sapatenis', 'calcados', 'bermudas', 'jaquetas', 'vestidos', 'moletons'],
    Contas: ['faturas', 'impostos', 'tarifas', 'seguros', 'telefonia', 'energia eletrica', 'internett', 'boletoss', 'anuidades', 'taxas'],
    Outros: ['presentinho', 'veterinaria', 'veterinarios', 'cabeleireira', 'cosmeticos', 'cosmetico', 'barbeiros', 'perfumes', 'manicures', 'shampoos'],
  };
  it.each(CATEGORIES.map((category) => [category]))('reads ten everyday %s expenses the lexicon does not list verbatim', (category) => {
    const verbatim = new Set(Object.values(LEXICON).flat());
    const items = EVERYDAY[category as Category];
    expect(items.filter((item) => verbatim.has(fold(item)))).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(Object.fromEntries(items.map((item) => [item, categoryOf(`${item} 50`)]))).toEqual(Object.fromEntries(items.map((item) => [item, category])));
  });
});

describe('assistant: the 200+ message test set (fixtures/assistant/messages.psv)', () => {
  it('has at least 200 messages of every kind', () => {
    const cases = loadSet();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((test) => test.kind))).toEqual(new Set(['add', 'ask', 'chart', 'del', 'undo', 'fix', 'talk']));
  });
  // Every message pinned: these, and only these, are misread (each with why).
  const KNOWN_MISSES = [
    'lanxe ontem 28', // "lanxe": x for ch, two edits from "lanche"
    'cem menos cinquenta de desconto, paguei 50', // the comma makes two expenses of one
    'apga o ultimo', // a typo in a 4-letter word is not corrected
  ];
  it('understands every message but the known misses', () => {
    const result = evaluate();
    const misses = result.misses.map((miss) => miss.message);
    if (JSON.stringify(misses) !== JSON.stringify(KNOWN_MISSES)) console.log(result.misses.map((miss) => `${miss.line}: ${miss.message} -> ${JSON.stringify(miss.got)}`).join('\n'));
    expect(misses).toEqual(KNOWN_MISSES);
  });
});
