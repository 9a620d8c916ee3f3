import { CATEGORIES } from '../../domain/assistant/categories.js';
import { LEXICON } from '../../domain/assistant/lexicon.js';
import { MONTHS } from './calendar.js';
import { CONNECTORS, SCALES, UNITS, wordsValue } from './numbers.js';
import type { Reading } from './reading.js';

const CURRENCY_AFTER = new Set(['reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'paus', 'pau', 'mangos', 'brl', 'dolares', 'dollars', 'bucks', 'rs']);
const AMOUNT_CUES = new Set(['de', 'por', 'foi', 'deu', 'custou', 'paguei', 'gastei', 'valor', 'total', 'spent', 'paid', 'for', 'cost', 'was', 'r$', '$', 'e', 'era', 'is', 'to', 'para']);
const ADDRESS_BEFORE = new Set(['rua', 'avenida', 'av', 'numero', 'no', 'n', 'linha', 'apto', 'apartamento', 'sala', 'loja', 'bloco', 'km', 'mes', 'ano', 'lote', 'quadra', 'br', 'line', 'route', 'store', 'ultimos', 'ultimas', 'last', 'past']);
const UNIT_AFTER = new Set(['h', 'hs', 'hr', 'hrs', 'horas', 'hora', 'min', 'minutos', 'km', 'kg', 'g', 'l', 'litros', 'litro', 'ml', 'x', 'vezes', 'pessoas', 'pessoa', 'unidades', 'un', 'dias', 'dia', 'meses', 'anos', 'semanas', 'o', 'a', 'people', 'days', 'weeks', 'months', 'hours', 'liters', 'times', 'pop', 'taxi', 'eleven', 'parcelas', 'vezes']);
/** Words after an amount that do not make it a count of things ("10 de uber", "8 no pao"). */
const NOT_AFTER_A_COUNT = new Set(['de', 'do', 'da', 'no', 'na', 'em', 'com', 'para', 'pra', 'e', 'dia', 'hoje', 'ontem', 'anteontem', 'mil', 'ao', 'por', 'pro', 'na', 'nos', 'nas', 'que', 'foi', 'deu', 'reais', 'o', 'a', 'os', 'as']);

/** Words that come before a number that is not money as often as before one that is ("pintura da sala 600"). */
const WEAK_ADDRESS = new Set(['sala', 'loja', 'no', 'mes', 'ano', 'store']);
export const BRAND_NUMBERS = new Set(CATEGORIES.flatMap((category) => LEXICON[category].filter((entry) => /^\d+$/.test(entry))));

/** "1.234,56" / "45,90" / "45.90" / "1,234.56" / "50" -> number. */
function numeric(token: string): number | undefined {
  let text = token.replace(/[.,]$/, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(text)) text = text.replace(/,/g, '');
  else if (/^\d+,\d{1,2}$/.test(text)) text = text.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export interface AmountCandidate {
  value: number;
  /** Index of its first and last word in the reading. */
  start: number;
  end: number;
  score: number;
}

/** A number (digits or words) starting at `at`, below a thousand: the part of "2 mil e 300" after the scale. */
function belowScale(words: string[], at: number): { value: number; end: number } | undefined {
  const word = words[at] ?? '';
  if (/^\d{1,3}$/.test(word)) return { value: Number(word), end: at };
  if (!(word in UNITS)) return undefined;
  let end = at;
  while (words[end + 1] !== undefined && (words[end + 1]! in UNITS || (words[end + 1] === 'e' && words[end + 2] !== undefined && words[end + 2]! in UNITS))) end += 1;
  return { value: wordsValue(words.slice(at, end + 1)), end };
}

const isDateLike = (word: string) => /^\d{1,4}[/-]\d{1,2}([/-]\d{2,4})?$/.test(word) || /^\d{1,2}:\d{2}$/.test(word);

/** Every number in the message that could be the amount, scored: the best one is the amount. */
export function amountCandidates(reading: Reading): AmountCandidate[] {
  const { words } = reading;
  const found: AmountCandidate[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    let value: number | undefined;
    let end = index;
    if (/^\d/.test(word) && !isDateLike(word)) {
      value = numeric(word);
      if (value !== undefined && words[index + 1] && words[index + 1]! in SCALES) {
        value *= SCALES[words[index + 1]!]!;
        end = index + 1;
        // "2 mil e 300", "1 mil e duzentos": the rest below the scale is part of the same amount.
        const rest = belowScale(words, end + 2);
        if (words[end + 1] === 'e' && rest && rest.value < SCALES[words[index + 1]!]!) {
          value += rest.value;
          end = rest.end;
        }
      }
    } else if (word in UNITS || word in SCALES || (word === 'a' && words[index + 1] === 'hundred')) {
      const run: string[] = [];
      let cursor = index;
      while (cursor < words.length && (words[cursor]! in UNITS || words[cursor]! in SCALES || words[cursor] === 'hundred' || (CONNECTORS.has(words[cursor]!) && run.length > 0 && words[cursor + 1] !== undefined && (words[cursor + 1]! in UNITS || words[cursor + 1] === 'hundred')) || (cursor === index && word === 'a'))) {
        run.push(words[cursor]!);
        cursor += 1;
      }
      const meaningful = run.filter((item) => !CONNECTORS.has(item) && item !== 'a');
      // "um"/"uma"/"one"/"a" alone is an article ("um tenis de duzentos"), unless money follows.
      const article = meaningful.length === 1 && ['um', 'uma', 'one'].includes(meaningful[0]!) && !CURRENCY_AFTER.has(words[cursor] ?? '');
      if (meaningful.length > 0 && !article) {
        value = wordsValue(run);
        end = cursor - 1;
      }
      if (meaningful.length === 0 || article) {
        index = Math.max(index, cursor - 1);
        continue;
      }
    }
    if (value === undefined || value <= 0) continue;
    const before = words[index - 1] ?? '';
    const after = words[end + 1] ?? '';
    let score = 0;
    // Cents: "vinte reais e cinquenta centavos", "20 reais e 50".
    const centsAt = CURRENCY_AFTER.has(after) && words[end + 2] === 'e' ? end + 3 : -1;
    if (centsAt > 0) {
      const cents = /^\d{1,2}$/.test(words[centsAt] ?? '') ? Number(words[centsAt]) : words[centsAt]! in UNITS ? wordsValue(words.slice(centsAt, centsAt + 3).filter((item, position) => position === 0 || item in UNITS || item === 'e')) : undefined;
      if (cents !== undefined && cents < 100 && (words[centsAt + 1] === 'centavos' || words[centsAt + 2] === 'centavos' || words[centsAt + 3] === 'centavos' || /^\d/.test(words[centsAt]!))) value += cents / 100;
    }
    if (before === 'r$' || before === '$' || CURRENCY_AFTER.has(after)) score += 10;
    if (/[.,]\d{2}$/.test(word)) score += 3;
    if (AMOUNT_CUES.has(before)) score += 2;
    if (before === 'dia' || before === 'day' || (after === 'de' && MONTHS.includes(words[end + 2] ?? ''))) continue;
    if (ADDRESS_BEFORE.has(before) && /^\d/.test(word)) score -= WEAK_ADDRESS.has(before) ? 3 : 6;
    // "40 dia 12/11": a day follows the amount, it is no unit of it.
    const dayFollows = (after === 'dia' || after === 'day') && /^\d/.test(words[end + 2] ?? '');
    if (UNIT_AFTER.has(after) && !CURRENCY_AFTER.has(after) && !dayFollows) score -= 6;
    if (BRAND_NUMBERS.has(word)) score -= 5;
    if (/^(19|20)\d{2}$/.test(word) && !CURRENCY_AFTER.has(after) && before !== 'r$') score -= 4;
    if (Number.isInteger(value) && value <= 12 && /^[a-z]{3,}s$/.test(after) && !CURRENCY_AFTER.has(after)) score -= 3;
    // "2 cafes 14": a small count before a thing, when the thing's typo correction took its plural away.
    else if (Number.isInteger(value) && value <= 12 && /^[a-z]{3,}$/.test(after) && !CURRENCY_AFTER.has(after) && !NOT_AFTER_A_COUNT.has(after) && !/^\d/.test(words[index - 1] ?? '')) score -= before === 'e' ? 4 : 2; // "e 3 refri 21": the "e" joins a thing, it cues no amount
    found.push({ value: Math.round(value * 100) / 100, start: index, end, score });
    index = Math.max(index, end);
  }
  return found;
}

/** The amount of money of a message, or undefined: the best-scored candidate (the first among equals). */
export function bestAmount(reading: Reading): AmountCandidate | undefined {
  const candidates = amountCandidates(reading);
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((winner, candidate) => (candidate.score > winner.score ? candidate : winner));
  // A lone number that is clearly not money (an address, a bus line, hours) is no amount.
  return candidates.length === 1 && best.score <= -6 ? undefined : best;
}
