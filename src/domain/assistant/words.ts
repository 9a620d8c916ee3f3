/** Lower-case, without accents: how words are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and swaps of
 * two neighbours each cost 1), giving up above `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array.from({ length: b.length }, () => 0)]);
  for (let j = 0; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still be recognised: 1 from 5 letters, 2 from 8. */
export const typosAllowed = (length: number): number => (length >= 8 ? 2 : length >= 5 ? 1 : 0);

/** Shorthand people type on a phone, and what it stands for. */
const SHORTHAND: Record<string, string> = {
  hj: 'hoje', hoj: 'hoje', ontm: 'ontem', qto: 'quanto', qnto: 'quanto', qnt: 'quanto', qt: 'quanto', vc: 'voce', tb: 'tambem', tbm: 'tambem', pra: 'para', pro: 'para', p: 'para',
  msm: 'mesmo', q: 'que', oq: 'o que', ngm: 'ninguem', td: 'tudo', blz: 'beleza', vlw: 'valeu', obg: 'obrigado', brigado: 'obrigado', mt: 'muito', mto: 'muito', ult: 'ultimo', n: 'nao',
  vdd: 'verdade', vdc: 'verdade', pq: 'porque', pqe: 'porque', vlr: 'valor', dnv: 'de novo', cmg: 'comigo', agr: 'agora', qdo: 'quando', qnd: 'quando', msg: 'mensagem', ngc: 'negocio', net: 'internet',
  uns: 'uns', sem: 'semana', sems: 'semanas', hrs: 'horas', tks: 'thanks', thx: 'thanks', pls: 'please', u: 'you', yday: 'yesterday',
};

/**
 * A vocabulary to correct typos against: a word not in it, of 5+ letters, becomes the
 * closest known word within the typos its length allows.
 */
export class Vocabulary {
  private readonly words: Set<string>;
  private readonly byLength = new Map<number, string[]>();
  private readonly order = new Map<string, number>();
  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    for (const word of this.words) {
      this.order.set(word, this.order.size);
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  correct(word: string): string {
    if (SHORTHAND[word]) return SHORTHAND[word];
    if (this.words.has(word) || /\d/.test(word)) return word;
    const allowed = typosAllowed(word.length);
    if (allowed === 0) return word;
    // The closest word; among equally close ones, one with the same first letter, then the first given (keywords before the lexicon).
    let best: { word: string; distance: number; rank: number } | undefined;
    for (let length = word.length - allowed; length <= word.length + allowed; length += 1) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate.length < 4) continue;
        const distance = editDistance(word, candidate, allowed);
        if (distance > allowed) continue;
        const rank = this.order.get(candidate)! + (candidate[0] === word[0] ? 0 : 1e6);
        if (!best || distance < best.distance || (distance === best.distance && rank < best.rank)) best = { word: candidate, distance, rank };
      }
    }
    return best?.word ?? word;
  }
}

/** The words of a folded text (letters, digits, and what joins them: 1.234,56, r$, 03/11). */
export function words(folded: string): string[] {
  return folded.match(/r\$|\d[\d.,/:-]*\d|\d+|[a-z]+(?:-[a-z]+)*|\$|%/g) ?? [];
}
