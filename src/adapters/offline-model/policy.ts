import { categoryOf, fold } from '../../domain/assistant/categories.js';
import { formatBrl, isNumberWord, isQuery, parseAmount, parseDate, parsePeriod, type IsoDate } from './parse.js';

/**
 * The offline assistant model's decisions: deterministic, for the local stack
 * and the tests. It speaks the same tools as the real model.
 */
export type Decision = { kind: 'calls'; calls: { name: string; arguments: Record<string, unknown> }[] } | { kind: 'message'; text: string };

export interface ToolResult {
  name: string;
  arguments: Record<string, unknown>;
  output: unknown;
}

const english = (text: string) => /\b(spent|spend|paid|how much|hello|hi|thanks)\b/.test(fold(text));

const FILLER = new Set(['gastei', 'paguei', 'comprei', 'foi', 'deu', 'com', 'no', 'na', 'nos', 'nas', 'em', 'de', 'do', 'da', 'um', 'uma', 'o', 'a', 'hoje', 'ontem', 'anteontem', 'reais', 'real', 'conto', 'contos', 'r', 'i', 'spent', 'on', 'for', 'at', 'the', 'today', 'yesterday', 'paid', 'passada', 'passado', 'dia', 'e']);

/** A short description: the words of the message that are not amount, date or filler. */
export function describeExpense(text: string): string {
  const words = text
    .replace(/r\$\s*[\d.,]+/gi, ' ')
    .replace(/\b\d[\d.,/]*\b/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter((word) => word && !FILLER.has(fold(word)) && !isNumberWord(word) && !/^(segunda|terca|terça|quarta|quinta|sexta|sabado|sábado|domingo)$/i.test(word));
  return words.slice(0, 6).join(' ') || 'gasto';
}

/** What the model does with a user's message. */
export function decideOnText(text: string, today: IsoDate): Decision {
  const category = categoryOf(text);
  if (isQuery(text)) {
    const period = parsePeriod(text, today);
    if (category) return { kind: 'calls', calls: [{ name: 'get_expenses_by_category', arguments: { category, start_date: period.start, end_date: period.end } }] };
    return { kind: 'calls', calls: [{ name: 'get_expenses_by_period', arguments: { start_date: period.start, end_date: period.end } }] };
  }
  const amount = parseAmount(text);
  if (amount !== undefined && amount > 0) {
    return {
      kind: 'calls',
      calls: [{ name: 'add_expense', arguments: { date: parseDate(text, today), category: category ?? 'Outros', description: describeExpense(text), amount } }],
    };
  }
  if (english(text)) return { kind: 'message', text: "Hi! I'm your finance assistant. Tell me an expense (\"spent 32.50 on lunch today\") or ask \"how much did I spend on transport this month?\"" };
  return {
    kind: 'message',
    text: 'Olá! Sou seu assistente financeiro. Me conte um gasto, por exemplo "gastei 32,50 no almoço hoje", ou pergunte "quanto gastei com transporte esse mês?".',
  };
}

const br = (date: unknown) => (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : String(date));

/** The reply once the tools answered. */
export function decideOnResults(results: ToolResult[]): Decision {
  const parts = results.map(({ name, arguments: args, output }) => {
    const result = (output ?? {}) as { error?: string; total?: number; count?: number; by_category?: Record<string, number> };
    if (result.error) return `Não consegui concluir (${name}): ${result.error}`;
    if (name === 'add_expense') return `Anotado: ${formatBrl(Number(args.amount))} em ${String(args.category)} (${String(args.description)}) no dia ${br(args.date)}.`;
    const range = args.start_date === args.end_date ? `em ${br(args.start_date)}` : `de ${br(args.start_date)} a ${br(args.end_date)}`;
    if (name === 'get_expenses_by_category') return `Você gastou ${formatBrl(result.total ?? 0)} com ${String(args.category)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'}).`;
    const breakdown = Object.entries(result.by_category ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([category, total]) => `${category}: ${formatBrl(total)}`)
      .join('; ');
    return `Você gastou ${formatBrl(result.total ?? 0)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'})${breakdown ? ` — ${breakdown}` : ''}.`;
  });
  return { kind: 'message', text: parts.join('\n') };
}

