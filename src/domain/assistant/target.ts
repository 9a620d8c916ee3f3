import { editDistance, fold, typosAllowed } from './words.js';

/** A row as the tools see it. */
export interface TargetRow {
  id: string;
  date: string;
  category: string;
  description: string;
  amount: number;
}

/**
 * Which of the sender's expenses a delete or an update means: any of these, null when not
 * said. `last` alone (or nothing at all) is the most recent expense.
 */
export interface Target {
  last: boolean | null;
  id: string | null;
  description: string | null;
  amount: number | null;
  date: string | null;
  start_date: string | null;
  end_date: string | null;
  category: string | null;
}

export type Resolution<Row extends TargetRow> = { kind: 'found'; row: Row } | { kind: 'none' } | { kind: 'ambiguous'; rows: Row[] };

/** Words that say nothing about which expense: "apaga o gasto do uber" is about "uber". */
const NOISE = new Set(['o', 'a', 'os', 'as', 'do', 'da', 'dos', 'das', 'de', 'no', 'na', 'em', 'com', 'pra', 'para', 'pro', 'um', 'uma', 'gasto', 'gastos', 'lancamento', 'registro', 'despesa', 'compra', 'item', 'valor', 'that', 'the', 'expense']);

/** Words that tell two expenses apart too seldom to pick one by themselves. */
const VAGUE = new Set(['conta', 'contas', 'pagamento', 'boleto', 'fatura', 'taxa', 'mensalidade', 'parcela', 'loja', 'casa', 'hoje', 'ontem', 'dia']);

const wordsOf = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word && !NOISE.has(word));

/** One word of the target found in a description: the same, one a prefix of the other (4+ letters), or a typo away. */
function wordMatches(wanted: string, words: string[]): boolean {
  return words.some((word) => {
    if (word === wanted) return true;
    const [short, long] = word.length < wanted.length ? [word, wanted] : [wanted, word];
    if (short.length >= 4 && long.startsWith(short)) return true;
    const allowed = typosAllowed(Math.min(word.length, wanted.length));
    if (allowed > 0 && editDistance(word, wanted, allowed) <= allowed) return true;
    // Spelt two ways by the same person ("almosso", "almoco"): the same start, two edits apart.
    return short.length >= 6 && word.slice(0, 3) === wanted.slice(0, 3) && editDistance(word, wanted, 2) <= 2;
  });
}

/** Does the row's description carry every word of the target's description? */
export function describes(description: string, row: TargetRow): boolean {
  const wanted = wordsOf(description);
  const words = wordsOf(row.description);
  return wanted.length > 0 && wanted.every((word) => wordMatches(word, words));
}

const said = (target: Target) => target.description !== null || target.amount !== null || target.date !== null || target.start_date !== null || target.end_date !== null || target.category !== null;

/** Rows that are the same expense as far as the person can tell (a duplicate): the same amount and description. */
const sameExpense = (row: TargetRow) => `${Math.round(row.amount * 100)} ${wordsOf(row.description).join(' ')}`;

/**
 * Resolves a target among the sender's rows (oldest first, as the ledger lists them): every
 * criterion given must hold; the most recent match wins only when the matches are the same
 * expense (duplicates) or the person said "the last one". Matches that differ in amount or
 * description, whatever named them (a day, a period, a category, an amount, words), are
 * ambiguous: nothing changes and the rows are listed, most recent first, to choose from.
 */
export function resolveTarget<Row extends TargetRow>(rows: Row[], target: Target): Resolution<Row> {
  if (target.id) {
    const row = rows.findLast((candidate) => candidate.id === target.id);
    return row ? { kind: 'found', row } : { kind: 'none' };
  }
  if (!said(target)) {
    const row = rows.at(-1);
    return row ? { kind: 'found', row } : { kind: 'none' };
  }
  const others = rows.filter(
    (row) =>
      (target.amount === null || Math.abs(row.amount - target.amount) < 0.005) &&
      (target.date === null || row.date === target.date) &&
      (target.start_date === null || row.date >= target.start_date) &&
      (target.end_date === null || row.date <= target.end_date) &&
      (target.category === null || fold(row.category) === fold(target.category)),
  );
  const wanted = target.description === null ? [] : wordsOf(target.description);
  let matches = wanted.length === 0 ? others : others.filter((row) => describes(target.description!, row));
  // No row has every word ("a corrida do aeroporto" for "uber pro aeroporto"): rows with one telling word of them.
  if (matches.length === 0 && wanted.length > 1) {
    const telling = wanted.filter((word) => !VAGUE.has(word));
    matches = others.filter((row) => telling.some((word) => wordMatches(word, wordsOf(row.description))));
  }
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1 && new Set(matches.map(sameExpense)).size > 1 && !target.last) return { kind: 'ambiguous', rows: matches.slice(-5).reverse() };
  return { kind: 'found', row: matches.at(-1)! };
}
