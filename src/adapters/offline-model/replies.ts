import { formatBrl } from '../../domain/format.js';
import type { Target, TargetRow } from '../../domain/assistant/target.js';
import type { Carry, Context, Decision, ToolResult } from './decision.js';
import { fold } from '../../domain/assistant/words.js';

interface Output {
  error?: string;
  ok?: boolean;
  found?: 'none' | 'ambiguous';
  target?: Target;
  candidates?: TargetRow[];
  total?: number;
  count?: number;
  by_category?: Record<string, number>;
  chart?: boolean;
  row?: TargetRow;
  deleted?: TargetRow | null;
  before?: TargetRow;
  updated?: TargetRow | null;
  unchanged?: TargetRow;
  undone?: { kind: 'add' | 'delete' | 'update'; before: TargetRow | null; after: TargetRow | null }[];
  rows?: TargetRow[];
  largest?: TargetRow | null;
}

const ORDINAL_NAMES = ['o primeiro', 'o segundo', 'o terceiro', 'o quarto', 'o quinto'];

/**
 * Answers that pick exactly one of the listed rows: its amount when no other has it, else a
 * word of its description no other has, and always its position ("o segundo").
 */
export function uniqueAnswers(candidates: TargetRow[]): string[] {
  const first = candidates[0]!;
  const answers: string[] = [];
  if (candidates.filter((row) => Math.abs(row.amount - first.amount) < 0.005).length === 1) answers.push(`"o de ${formatBrl(first.amount)}"`);
  else {
    const word = fold(first.description).split(/\s+/).find((item) => item.length >= 3 && candidates.every((row) => row === first || !fold(row.description).includes(item)));
    if (word) answers.push(`"o ${word}"`);
  }
  answers.push(`"${ORDINAL_NAMES[1]}"`);
  return answers;
}

const br = (date: unknown) => (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : String(date));

/** The exact row: "R$ 45,00 em Transporte (uber) no dia 17/11/2026". */
export const describeRow = (row: Pick<TargetRow, 'amount' | 'category' | 'description' | 'date'>) => `${formatBrl(row.amount)} em ${row.category} (${row.description}) no dia ${br(row.date)}`;

/** What the person said of the expense: 'com "uber"', 'de R$ 18,00', 'do dia 17/11/2026'. */
function describeTarget(target: Target | undefined): string {
  if (!target) return 'esse gasto';
  const parts = [
    target.description ? `com "${target.description}"` : '',
    target.category ? `em ${target.category}` : '',
    target.amount !== null ? `de ${formatBrl(target.amount)}` : '',
    target.date ? `do dia ${br(target.date)}` : '',
    target.start_date && target.end_date ? `de ${br(target.start_date)} a ${br(target.end_date)}` : '',
  ].filter(Boolean);
  return parts.length ? `um gasto ${parts.join(' ')}` : 'nenhum gasto seu';
}

const UNDO_HINT = 'Se não era isso, responda "desfaz".';

function undoneText(change: NonNullable<Output['undone']>[number]): string {
  if (change.kind === 'add' && change.after) return `tirei ${describeRow(change.after)}`;
  if (change.kind === 'delete' && change.before) return `voltou ${describeRow(change.before)}`;
  if (change.kind === 'update' && change.before && change.after) return `${describeRow(change.after)} voltou a ser ${describeRow(change.before)}`;
  return 'nada';
}

/** The reply once the tools answered, and what to remember for the next message. */
export function decideOnResults(results: ToolResult[], carry: Carry = {}): Decision & { kind: 'message' } {
  let changed = false;
  let context: Context | undefined;
  const parts = results.map(({ name, arguments: args, output }) => {
    const result = (output ?? {}) as Output;
    if (result.error) return `Não consegui concluir (${name}): ${result.error}`;
    if ((name === 'delete_expense' || name === 'update_expense') && result.found === 'ambiguous' && result.candidates?.length) {
      context = { kind: 'choose', call: { name, arguments: args }, candidates: result.candidates };
      const list = result.candidates.map((row, index) => `${index + 1}) ${describeRow(row)}`).join('; ');
      return `Encontrei ${result.candidates.length} gastos ${describeTarget(result.target).replace(/^um gasto /, '')}: ${list}. Qual deles? Responda, por exemplo, ${uniqueAnswers(result.candidates).join(' ou ')}. Não mudei nada ainda.`;
    }
    if ((name === 'delete_expense' || name === 'update_expense') && !result.ok) {
      const what = name === 'delete_expense' ? 'apagar' : 'corrigir';
      return `Não encontrei ${describeTarget(result.target)} para ${what}, então não mudei nada.`;
    }
    if (name === 'add_expense') {
      changed = true;
      return `Anotado: ${describeRow({ amount: Number(args.amount), category: String(args.category), description: String(args.description), date: String(args.date) })}.`;
    }
    if (name === 'delete_expense' && result.deleted) {
      changed = true;
      return `Apaguei: ${describeRow(result.deleted)}.`;
    }
    if (name === 'update_expense' && result.unchanged) return `Esse gasto já está assim: ${describeRow(result.unchanged)}. Não mudei nada.`;
    if (name === 'update_expense' && result.before && result.updated) {
      changed = true;
      return `Corrigido: ${describeRow(result.before)} → ${describeRow(result.updated)}.`;
    }
    if (name === 'undo_last_change') {
      if (!result.ok || !result.undone?.length) return 'Não há nenhuma alteração sua para desfazer.';
      return `Desfeito: ${result.undone.map(undoneText).join('; ')}.`;
    }
    context = { kind: 'query', call: { name, arguments: args } };
    const range = args.start_date === args.end_date ? `em ${br(args.start_date)}` : `de ${br(args.start_date)} a ${br(args.end_date)}`;
    if (carry.largest) {
      const row = result.largest;
      return row ? `Seu maior gasto ${range} foi ${describeRow(row)}.` : `Você não tem gastos ${range}.`;
    }
    if (carry.description) {
      const word = fold(carry.description);
      const rows = (result.rows ?? []).filter((row) => fold(row.description).includes(word));
      const total = Math.round(rows.reduce((sum, row) => sum + row.amount, 0) * 100) / 100;
      return `Com "${carry.description}" na descrição, você gastou ${formatBrl(total)} ${range} (${rows.length} lançamento${rows.length === 1 ? '' : 's'}).`;
    }
    if (name === 'get_expenses_by_category') return `Você gastou ${formatBrl(result.total ?? 0)} com ${String(args.category)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'}).`;
    const breakdown = Object.entries(result.by_category ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([category, total]) => `${category}: ${formatBrl(total)}`)
      .join('; ');
    const chart = result.chart ? ' Segue o gráfico por categoria.' : '';
    return `Você gastou ${formatBrl(result.total ?? 0)} ${range} (${result.count ?? 0} lançamento${result.count === 1 ? '' : 's'})${breakdown ? ` — ${breakdown}` : ''}.${chart}`;
  });
  if (carry.note) parts.push(carry.note);
  if (changed) parts.push(UNDO_HINT);
  return { kind: 'message', text: parts.join('\n'), ...(context ? { context } : {}) };
}
