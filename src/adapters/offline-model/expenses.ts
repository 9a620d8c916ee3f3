import type { Category } from '../../domain/assistant/categories.js';
import { fold } from '../../domain/assistant/words.js';
import { amountCandidates, BRAND_NUMBERS, bestAmount } from './amounts.js';
import { addDays, addMonths, weekday, type IsoDate } from './calendar.js';
import { categoryIn } from './categories.js';
import { dateIn, weekdayIn } from './dates.js';
import { isNumberWord, SCALES } from './numbers.js';
import { correctWord, read, type Reading } from './reading.js';

/** One add_expense call's arguments. */
export interface Expense {
  date: IsoDate;
  category: Category;
  description: string;
  amount: number;
}

const FILLER = new Set([
  'gastei', 'paguei', 'comprei', 'gastamos', 'pagamos', 'compramos', 'foi', 'deu', 'custou', 'com', 'no', 'na', 'nos', 'nas', 'em', 'de', 'do', 'da', 'dos', 'das', 'um', 'uma', 'o', 'a', 'os', 'as',
  'hoje', 'ontem', 'anteontem', 'reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'paus', 'r', 'rs', 'i', 'spent', 'on', 'for', 'at', 'the', 'today', 'yesterday', 'paid', 'passada', 'passado',
  'dia', 'e', 'and', 'para', 'pra', 'pro', 'por', 'mil', 'centavos', 'bucks', 'dollars', 'dolares', 'ai', 'aí', 'la', 'lá', 'tipo', 'uns', 'umas', 'mais', 'ou', 'menos', 'quase', 'eu', 'me', 'meu', 'minha',
  'ha', 'atras', 'ago', 'days', 'dias', 'last', 'on', 'got', 'bought', 'a', 'an', 'my', 'of', 'to', 'in', 'que', 'tambem', 'mesmo', 'hj', 'ok', 'so', 'took', 'peguei', 'mes', 'month', 'fiz', 'veio', 'anota', 'anotar', 'anote', 'registra', 'registrar', 'registre', 'lanca', 'lancar', 'adiciona', 'inclui', 'ae',
  // Greetings and fillers of speech, and verbs of going somewhere: never what was bought ("oi, bom dia, passei no mercado").
  'oi', 'ola', 'bom', 'boa', 'tarde', 'noite', 'manha', 'entao', 'gente', 'pessoal', 'opa', 'eai', 'blz', 'beleza', 'passei', 'fui', 'aqui', 'agora', 'hein', 'ne', 'cara', 'mano', 'amigo',
]);
const WEEKDAY = /^(segunda|terca|quarta|quinta|sexta)$/;
const DATE_WORDS = new Set(['segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'semana', 'atras', 'retrasada']);

/**
 * A short description: the words of the message as typed (accents kept) that are not the
 * amount, a date, a number or filler, read through the same typo correction ("hj", "onten"
 * go); a brand made of digits stays ("99 pop").
 */
export function describeExpense(text: string, amount?: number): string {
  const all = text
    .replace(/r\$\s*[\d.,]+/gi, ' ')
    .replace(/\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}-]/gu, '').replace(/^-+|-+$/g, ''))
    .filter(Boolean);
  const keep = all.map((word, index) => {
    // "segunda feira": the weekday's, not the street market's.
    if (fold(word) === 'feira' && WEEKDAY.test(fold(all[index - 1] ?? ''))) return false;
    const folded = fold(word).replace(/-feira$/, '');
    if (/^\d/.test(folded)) return BRAND_NUMBERS.has(folded) && Number(folded) !== amount;
    const key = correctWord(folded);
    return !FILLER.has(key) && !FILLER.has(folded) && !DATE_WORDS.has(key) && !isNumberWord(key);
  });
  // "conta de luz", "pão de queijo": a "de" between two kept words stays.
  const kept = all.filter((word, index) => keep[index] || (/^(de|do|da|dos|das)$/i.test(word) && keep[index - 1] && keep[index + 1]));
  return kept.slice(0, 6).join(' ') || 'gasto';
}

/**
 * The date an expense happened: the day it names, else a week or month back for "semana
 * passada" / "mes passado" (the same weekday then, which lies inside that week), or the
 * weekday of last week ("segunda da semana passada").
 */
export function expenseDate(reading: Reading, today: IsoDate): IsoDate {
  const { text } = reading;
  const back = / semana (passada|retrasada) | last week /.exec(text);
  if (back) {
    const weeks = back[1] === 'retrasada' ? 2 : 1;
    const day = weekdayIn(reading);
    const monday = addDays(today, -((weekday(today) + 6) % 7) - 7 * weeks);
    return day ? addDays(monday, (day.target + 6) % 7) : addDays(today, -7 * weeks);
  }
  if (/ mes passado | last month /.test(text) && dateIn(reading, today) === today) return addMonths(today, -1);
  return dateIn(reading, today);
}

const NOT_A_THING = new Set(['de', 'do', 'da', 'no', 'na', 'em', 'com', 'para', 'e', 'reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'dia', 'hoje', 'ontem', 'mil']);

/** Does a part carry money of its own, not a quantity ("3 coxinhas e um refri 24")? */
export function hasAmount(part: string): boolean {
  const reading = read(part);
  const amount = bestAmount(reading);
  if (!amount || amount.score <= -3) return false;
  const next = reading.words[amount.end + 1] ?? '';
  return !(Number.isInteger(amount.value) && amount.value <= 12 && /^[a-z]{3,}$/.test(next) && !NOT_A_THING.has(next));
}

/** The parts of a message: lines, then ";", ":" and commas that are not decimal ones. */
function parts(text: string): string[] {
  return text
    .split(/\r?\n|;|:(?!\d)|,(?!\d)/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** "luz 150 agua 80 internet 100": things and amounts in a row, with nothing between them. */
function splitRun(part: string): string[] {
  const chunks = part.match(/[^\d\s][^\d]*?\s+(?:r\$\s*)?\d+(?:[.,]\d{1,2})?(?:\s+(?:reais|conto|contos|pila|pilas))?(?=\s|$)/gi) ?? [];
  const whole = chunks.join(' ').replace(/\s+/g, ' ').trim() === part.replace(/\s+/g, ' ').trim();
  // "e 3 refri 21": a chunk whose thing is only a joining word ("e", "mais") is a quantity, not an expense.
  if (chunks.some((chunk) => /^(e|mais|and|com|de|do|da|\+)$/i.test(chunk.replace(/(?:r\$\s*)?\d[\d.,]*.*$/i, '').trim()))) return [part];
  // Every number must read as money where it stands ("almoco 3 dias atras 58" is one expense).
  const money = amountCandidates(read(part));
  return whole && chunks.length >= 2 && money.length === chunks.length && money.every((candidate) => candidate.score >= 0) ? chunks.map((chunk) => chunk.trim()) : [part];
}

/** "20 no cafe e 35 no almoco" -> two; "vinte e cinco", "20 reais e 50 centavos", "ovos e leite 23" stay one. */
function splitOnAnd(part: string): string[] {
  const pieces = part.split(/\s+(?:e|mais|\+|and)\s+/i);
  if (pieces.length === 1) return [part];
  const joined: string[] = [];
  for (const piece of pieces) {
    const previous = joined.at(-1);
    const lastWord = fold(previous?.split(/\s+/).at(-1) ?? '');
    const firstWords = fold(piece).split(/\s+/);
    const continues =
      previous === undefined ||
      !hasAmount(previous) ||
      !hasAmount(piece) ||
      (isNumberWord(lastWord) && isNumberWord(firstWords[0] ?? '')) ||
      // "2 mil e 300": the hundreds of a thousand, not another expense.
      (lastWord in SCALES && /^\d{1,3}$/.test(firstWords[0] ?? '')) ||
      /^centavos?$/.test(firstWords[1] ?? '') ||
      /^centavos?$/.test(firstWords[2] ?? '');
    if (continues && previous !== undefined) joined[joined.length - 1] = `${previous} e ${piece}`;
    else joined.push(piece);
  }
  return joined;
}

/**
 * The expenses of a message, one per part that has an amount: "gastei 12 no pão e 48 no
 * açougue", "ontem: uber 23, cinema 40", one per line. Parts without an amount are the items
 * of the next one ("açúcar, café e arroz 48") or, when they only say when, the date of
 * every part that names none ("ontem: ...").
 */
export function expensesIn(message: string, today: IsoDate): { expenses: Expense[]; income: number[] } {
  // "anota aí: 50 de gasolina", "bota 12 de pão": the command is not part of the expense ("bota" is no boot here).
  const text = message.replace(/^\s*(anota|anote|anotar|registra|registre|registrar|coloca|coloque|lan[cç]a|bota|p[oõ]e|adiciona|add|inclui)(\s+(a[ií]|ae|pra mim|pfv|por favor)\s*:?|\s*:|(?=\s+(r\$\s*)?\d))\s*/i, '');
  const whole = read(text);
  const pieces = parts(text).flatMap(splitOnAnd).flatMap(splitRun);
  const groups: string[] = [];
  let pending: string[] = [];
  for (const piece of pieces) {
    if (hasAmount(piece)) {
      groups.push([...pending, piece].join(' '));
      pending = [];
    } else pending.push(piece);
  }
  if (pending.length && groups.length) groups[groups.length - 1] = [groups.at(-1)!, ...pending].join(' ');
  // No part is clearly money ("pintura da sala 600"): the message is one expense, if it has an amount at all.
  if (groups.length === 0) groups.push(text);
  const shared = groups.length === 1 ? expenseDate(whole, today) : sharedDate(groups[0]!, today);
  const income: number[] = [];
  let previous: Category | undefined;
  const expenses = groups.flatMap((group) => {
    const reading = read(group);
    const amount = bestAmount(reading);
    if (!amount || amount.value <= 0) return [];
    // "recebi 500 de um cliente e paguei 80 de frete": the money that came in is no expense.
    if (INCOME.test(reading.text) && !EXPENSE.test(reading.text)) {
      income.push(amount.value);
      return [];
    }
    const skip = new Set<number>();
    for (let index = amount.start; index <= amount.end; index += 1) skip.add(index);
    const own = expenseDate(reading, today);
    const datedHere = own !== today || / (hoje|today) /.test(reading.text);
    // A part that names nothing of a category is more of the one before ("uber 18 ida e 22 volta").
    const category = waterCategory(reading, groups) ?? categoryIn(reading, skip) ?? (groups.length === 1 ? categoryIn(whole) : previous) ?? 'Outros';
    previous = category;
    return [{ date: datedHere ? own : shared, category, description: describeExpense(group, amount.value), amount: amount.value }];
  });
  return { expenses, income };
}

const INCOME = / (recebi|recebemos|ganhei|ganhamos|vendi|vendemos|faturei|faturamos|lucrei|entrou|entraram|caiu|me pagaram|me pagou|received|earned|sold) /;
const EXPENSE = / (gastei|paguei|comprei|gastamos|pagamos|compramos) /;

/**
 * The date every part of a message shares: one said before the first amount ("ontem: uber 23,
 * cinema 40", "resumo de ontem:\n...", "ontem padaria 14 e farmacia 27"). A date said inside a
 * later part ("uber 25, farmacia 60 ontem") is that part's only; the others are today.
 */
function sharedDate(first: string, today: IsoDate): IsoDate {
  const reading = read(first);
  const amount = bestAmount(reading);
  const head = reading.words.slice(0, amount ? amount.start : reading.words.length);
  return expenseDate({ words: head, text: ` ${head.join(' ')} ` }, today);
}

/**
 * "agua" is the water bill or a bottle of water: the bill when the part says so (conta,
 * sabesp) or the message lists bills; a drink next to food ("refri 8, salgado 7, agua 5").
 */
function waterCategory(reading: Reading, groups: string[]): Category | undefined {
  if (!/ agua /.test(reading.text) || / (conta|contas|sabesp|boleto|fatura|esgoto|coco) /.test(reading.text)) return undefined;
  const others = groups.map((group) => read(group)).filter((other) => !/ agua /.test(other.text)).map((other) => categoryIn(other));
  if (others.includes('Alimentação')) return 'Alimentação';
  if (others.includes('Contas') || others.includes('Moradia')) return 'Contas';
  const amount = bestAmount(reading);
  return amount && amount.value <= 15 ? 'Alimentação' : undefined;
}
