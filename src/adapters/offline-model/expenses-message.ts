import { CATEGORIES } from '../../domain/assistant/categories.js';
import { CATEGORY_NAMES, GENERIC, LEXICON } from '../../domain/assistant/lexicon.js';
import { formatBrl } from '../../domain/format.js';
import type { IsoDate } from './calendar.js';
import type { Call, Carry } from './decision.js';
import { describeExpense, expensesIn, hasAmount, type Expense } from './expenses.js';
import { queryIn } from './intents.js';
import { read, type Reading } from './reading.js';

/**
 * How a whole message mixes expenses with other things: a list under a header ("resumo de
 * ontem:\n mercado 187,45\n uber 18"), expenses then a question ("gastei 40 de uber, quanto já
 * foi de transporte?"), money that came in next to money spent ("recebi 500 e paguei 80").
 */
export { describeExpense, expensesIn };

/** One add_expense call per expense, in the order said. */
export const adds = (expenses: Expense[]): Call[] => expenses.map((expense) => ({ name: 'add_expense', arguments: { ...expense } }));

/** What the reply says of the money that came in and was not recorded. */
export function incomeNote(income: number[]): Carry {
  if (income.length === 0) return {};
  return { note: `Não anotei a entrada de ${income.map(formatBrl).join(' e ')}: eu registro só gastos.` };
}

/**
 * A header and expense lines ("resumo de ontem:", "gastos da semana:", "lista de hoje:"
 * and lines with amounts): a list to record, not a question, however the header is worded.
 */
export function isExpenseList(text: string, today: IsoDate): boolean {
  if (text.includes('?')) return false;
  const cut = /[:\n]/.exec(text);
  if (!cut) return false;
  const header = text.slice(0, cut.index);
  if (hasAmount(header)) return false;
  const lines = text.slice(cut.index + 1).split(/\r?\n|;|,(?!\d)/).map((line) => line.trim()).filter(Boolean);
  const priced = lines.filter((line) => hasAmount(line)).length;
  return (priced >= 2 || (cut[0] === ':' && priced === lines.length && priced > 0)) && expensesIn(text, today).expenses.length > 0;
}

const ASKS = /^(.*\d.*?)(?:[,.;!\n]+\s*|\s+)(?:e\s+)?((?:me\s+)?(?:quanto|quantos|quanta|qto|qnto|qual|quais|como|mostra|resumo)\b[^]*)$/i;

/** "gastei 40 de uber, quanto já foi de transporte esse mês?": the expenses said first, then the question. */
export function questionAfterExpenses(text: string): { expenses: string; question: string } | undefined {
  const match = ASKS.exec(text.trim());
  if (!match) return undefined;
  const [, expenses, question] = match;
  if (!expenses || !question || !hasAmount(expenses) || !queryIn(read(question), question.includes('?'))) return undefined;
  return { expenses, question };
}

/** Lexicon words that name what was bought, not a category ("uber", "mercado"; not "transporte", "conta"). */
const SPECIFIC = new Set(CATEGORIES.flatMap((category) => LEXICON[category]).filter((entry) => !entry.endsWith('*') && !entry.includes(' ') && !/\d/.test(entry) && !GENERIC.has(entry)));
const NAMES = new Set(CATEGORIES.flatMap((category) => CATEGORY_NAMES[category]));

/** The description word a question names ("quanto gastei de uber essa semana?": uber), to count those rows only. */
export function describedIn(reading: Reading): string | undefined {
  return reading.words.find((word) => SPECIFIC.has(word) && !NAMES.has(word));
}
