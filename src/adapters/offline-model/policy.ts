import { fold } from '../../domain/assistant/words.js';
import {
  BRAND_NUMBERS,
  bestAmount,
  correctWord,
  categoryIn,
  dateIn,
  formatBrl,
  isCorrection,
  isDeletion,
  isNumberWord,
  namedCategory,
  periodIn,
  queryIn,
  read,
  wantsChart,
  type IsoDate,
  type Reading,
} from './parse.js';

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

const english = (reading: Reading) => / (spent|spend|paid|how much|hello|hi|hey|thanks|thank you|what|who|help|good morning|good evening) /.test(reading.text);

const FILLER = new Set([
  'gastei', 'paguei', 'comprei', 'gastamos', 'pagamos', 'compramos', 'foi', 'deu', 'custou', 'com', 'no', 'na', 'nos', 'nas', 'em', 'de', 'do', 'da', 'dos', 'das', 'um', 'uma', 'o', 'a', 'os', 'as',
  'hoje', 'ontem', 'anteontem', 'reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'paus', 'r', 'rs', 'i', 'spent', 'on', 'for', 'at', 'the', 'today', 'yesterday', 'paid', 'passada', 'passado',
  'dia', 'e', 'and', 'para', 'pra', 'pro', 'por', 'mil', 'centavos', 'bucks', 'dollars', 'dolares', 'ai', 'aí', 'la', 'lá', 'tipo', 'uns', 'umas', 'mais', 'ou', 'menos', 'quase', 'eu', 'me', 'meu', 'minha',
  'feira', 'ha', 'atras', 'ago', 'days', 'dias', 'last', 'on', 'got', 'bought', 'a', 'an', 'my', 'of', 'to', 'in', 'que', 'tambem', 'mesmo', 'hj', 'ok', 'so', 'took', 'peguei', 'mes', 'month',
]);
const WEEKDAY_WORDS = /^(segunda|terca|terça|quarta|quinta|sexta|sabado|sábado|domingo|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

const DATE_WORDS = new Set(['segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'semana', 'atras']);

/**
 * A short description: the words of the message as typed (accents kept) that are not the
 * amount, a date, a number or filler, read through the same typo correction ("hj", "onten"
 * go); a brand made of digits stays ("99 pop").
 */
export function describeExpense(text: string, amount?: number): string {
  const kept = text
    .replace(/r\$\s*[\d.,]+/gi, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter((word) => {
      if (!word) return false;
      const folded = fold(word).replace(/-feira$/, '');
      if (/^\d/.test(folded)) return BRAND_NUMBERS.has(folded) && Number(folded) !== amount;
      const key = correctWord(folded);
      return !FILLER.has(key) && !FILLER.has(folded) && !DATE_WORDS.has(key) && !isNumberWord(key) && !WEEKDAY_WORDS.test(key);
    });
  return kept.slice(0, 6).join(' ') || 'gasto';
}

const GREETING_PT = 'Olá! Sou seu assistente financeiro. Me conte um gasto, por exemplo "gastei 32,50 no almoço hoje", pergunte "quanto gastei com transporte esse mês?", peça um "resumo do mês", ou corrija com "apaga o último" / "não, foi 45".';
const GREETING_EN = 'Hi! I\'m your finance assistant. Tell me an expense ("spent 32.50 on lunch today"), ask "how much did I spend on transport this month?", or say "undo" to remove the last one.';
const THANKS = / (obrigado|obrigada|valeu|thanks|thank you|brigado|show de bola|perfeito|otimo|beleza) /;

/** What the model does with a user's message. */
export function decideOnText(text: string, today: IsoDate): Decision {
  const reading = read(text);
  if (isDeletion(reading) && !bestAmount(reading)) return { kind: 'calls', calls: [{ name: 'delete_last_expense', arguments: {} }] };
  if (isCorrection(reading)) {
    const amount = bestAmount(reading);
    const category = namedCategory(reading);
    const dated = / (hoje|ontem|anteontem|today|yesterday|dia|segunda|terca|quarta|quinta|sexta|sabado|domingo) /.test(reading.text) || /\d{1,2}\/\d{1,2}/.test(reading.text);
    const fields = { date: dated ? dateIn(reading, today) : null, category: category ?? null, description: null, amount: amount && amount.score > -6 ? amount.value : null };
    if (fields.amount !== null || fields.category !== null || fields.date !== null) return { kind: 'calls', calls: [{ name: 'update_expense', arguments: { row: 'last', fields } }] };
  }
  if (queryIn(reading, text.includes('?'))) {
    const period = periodIn(reading, today);
    const category = categoryIn(reading);
    if (category) return { kind: 'calls', calls: [{ name: 'get_expenses_by_category', arguments: { category, start_date: period.start, end_date: period.end } }] };
    return { kind: 'calls', calls: [{ name: 'get_expenses_by_period', arguments: { start_date: period.start, end_date: period.end, chart: wantsChart(reading) } }] };
  }
  const amount = bestAmount(reading);
  if (amount !== undefined && amount.value > 0) {
    const skip = new Set<number>();
    for (let index = amount.start; index <= amount.end; index += 1) skip.add(index);
    return {
      kind: 'calls',
      calls: [{ name: 'add_expense', arguments: { date: dateIn(reading, today), category: categoryIn(reading, skip) ?? 'Outros', description: describeExpense(text, amount.value), amount: amount.value } }],
    };
  }
  if (THANKS.test(reading.text)) return { kind: 'message', text: english(reading) ? "You're welcome! I'm here whenever you spend." : 'Por nada! É só me mandar o próximo gasto.' };
  return { kind: 'message', text: english(reading) ? GREETING_EN : GREETING_PT };
}

const br = (date: unknown) => (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : String(date));

interface RowView {
  date: string;
  category: string;
  description: string;
  amount: number;
}

const describeRow = (row: RowView) => `${formatBrl(row.amount)} em ${row.category} (${row.description}) no dia ${br(row.date)}`;

/** The reply once the tools answered. */
export function decideOnResults(results: ToolResult[]): Decision {
  const parts = results.map(({ name, arguments: args, output }) => {
    const result = (output ?? {}) as { error?: string; total?: number; count?: number; by_category?: Record<string, number>; chart?: boolean; ok?: boolean; deleted?: RowView | null; before?: RowView; updated?: RowView | null; changed?: string[]; message?: string };
    if (result.error) return `Não consegui concluir (${name}): ${result.error}`;
    if (name === 'add_expense') return `Anotado: ${formatBrl(Number(args.amount))} em ${String(args.category)} (${String(args.description)}) no dia ${br(args.date)}.`;
    if (name === 'delete_last_expense') return result.deleted ? `Apaguei o último gasto: ${describeRow(result.deleted)}.` : 'Não encontrei nenhum gasto seu para apagar.';
    if (name === 'update_expense') {
      if (!result.updated || !result.before) return 'Não encontrei esse gasto para corrigir.';
      const { before, updated } = result;
      const changes = (result.changed ?? []).map((field) =>
        field === 'amount' ? `valor de ${formatBrl(before.amount)} para ${formatBrl(updated.amount)}` : field === 'category' ? `categoria de ${before.category} para ${updated.category}` : field === 'date' ? `data de ${br(before.date)} para ${br(updated.date)}` : `descrição de "${before.description}" para "${updated.description}"`,
      );
      return `Corrigido (${updated.description}): ${changes.join('; ')}.`;
    }
    const range = args.start_date === args.end_date ? `em ${br(args.start_date)}` : `de ${br(args.start_date)} a ${br(args.end_date)}`;
    if (name === 'get_expenses_by_category') return `Você gastou ${formatBrl(result.total ?? 0)} com ${String(args.category)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'}).`;
    const breakdown = Object.entries(result.by_category ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([category, total]) => `${category}: ${formatBrl(total)}`)
      .join('; ');
    const chart = result.chart ? ' Segue o gráfico por categoria.' : '';
    return `Você gastou ${formatBrl(result.total ?? 0)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'})${breakdown ? ` — ${breakdown}` : ''}.${chart}`;
  });
  return { kind: 'message', text: parts.join('\n') };
}
