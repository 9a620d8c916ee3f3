import { CATEGORIES, type Category } from '../../domain/assistant/categories.js';
import { CATEGORY_NAMES, GENERIC, LEXICON } from '../../domain/assistant/lexicon.js';
import { fold, typosAllowed, editDistance, Vocabulary, words as wordsOf } from '../../domain/assistant/words.js';
import { formatBrl } from '../../domain/format.js';

export { formatBrl };

/** A calendar date `YYYY-MM-DD`; all date arithmetic is on UTC midnights of such dates. */
export type IsoDate = string;

const DAY = 86_400_000;
const toEpoch = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
const toIso = (epoch: number): IsoDate => new Date(epoch).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number): IsoDate => toIso(toEpoch(date) + days * DAY);
const weekday = (date: IsoDate) => new Date(toEpoch(date)).getUTCDay();
const ymd = (date: IsoDate) => date.split('-').map(Number) as [number, number, number];
const isoOf = (year: number, month: number, day: number): IsoDate | undefined => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? toIso(date.getTime()) : undefined;
};
const addMonths = (date: IsoDate, months: number): IsoDate => {
  const [year, month, day] = ymd(date);
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return toIso(Date.UTC(year, month - 1 + months, Math.min(day, last)));
};

// ---------------------------------------------------------------- numbers in words

const UNITS: Record<string, number> = {
  zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15,
  dezesseis: 16, dezasseis: 16, dezessete: 17, dezoito: 18, dezenove: 19, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400, quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600,
  setecentos: 700, setecentas: 700, oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { mil: 1000, thousand: 1000, milhao: 1e6, milhoes: 1e6, million: 1e6, millions: 1e6, bilhao: 1e9, bilhoes: 1e9, billion: 1e9 };
const CONNECTORS = new Set(['e', 'and']);

export const isNumberWord = (word: string): boolean => {
  const folded = fold(word);
  return folded in UNITS || folded in SCALES || folded === 'hundred';
};

/** The value of a run of number words: "tres mil e quatrocentos", "one hundred twenty", "um milhao e duzentos mil". */
function wordsValue(run: string[]): number {
  let total = 0;
  let current = 0;
  for (const word of run) {
    if (CONNECTORS.has(word) || word === 'a') continue;
    if (word === 'hundred') current = (current || 1) * 100;
    else if (word in SCALES) {
      total += (current || 1) * SCALES[word]!;
      current = 0;
    } else current += UNITS[word] ?? 0;
  }
  return total + current;
}

// ---------------------------------------------------------------- the vocabulary typos are corrected against

const MONTHS = ['janeiro', 'fevereiro', 'marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS_SHORT = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
const MONTHS_SHORT_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS: [string[], number][] = [
  [['domingo', 'sunday'], 0],
  [['segunda', 'monday'], 1],
  [['terca', 'tuesday'], 2],
  [['quarta', 'wednesday'], 3],
  [['quinta', 'thursday'], 4],
  [['sexta', 'friday'], 5],
  [['sabado', 'saturday'], 6],
];

const KEYWORDS = [
  'hoje', 'ontem', 'anteontem', 'amanha', 'today', 'yesterday', 'semana', 'semanas', 'passada', 'passado', 'retrasada', 'ultimos', 'ultimas', 'ultimo', 'ultima', 'proximo', 'desde', 'entre', 'dias',
  'meses', 'anos', 'week', 'weeks', 'month', 'months', 'year', 'years', 'days', 'since', 'between', 'quanto', 'quantos', 'quanta', 'resumo', 'extrato', 'gastos', 'gastei', 'gastamos', 'paguei',
  'comprei', 'gastando', 'total', 'mostra', 'mostrar', 'lista', 'listar', 'relatorio', 'balanco', 'grafico', 'summary', 'spending', 'spent', 'overview', 'chart', 'report', 'breakdown',
  'apaga', 'apagar', 'apague', 'deleta', 'deletar', 'delete', 'exclui', 'excluir', 'exclua', 'remove', 'remover', 'remova', 'cancela', 'cancelar', 'desfaz', 'desfazer', 'corrige', 'corrigir',
  'corrija', 'altera', 'alterar', 'mudar', 'muda', 'troca', 'trocar', 'coloca', 'colocar', 'edita', 'editar', 'lancamento', 'registro', 'categoria', 'valor', 'verdade', 'actually', 'change',
  'obrigado', 'obrigada', 'valeu', 'beleza', 'reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'centavos', 'dolares', 'dollars', 'bucks', 'mangos', 'hundred', 'thousand', 'million', 'feira',
  'custou', 'deu', 'foi', 'era', 'certo', 'certa', 'correto', 'correta', 'errado', 'errada', 'gasto', 'despesa', 'despesas', 'estao', 'estou', 'anda', 'andam', 'como', 'meus', 'minhas',
];

const lexiconWords = (): string[] => CATEGORIES.flatMap((category) => [...LEXICON[category], ...CATEGORY_NAMES[category]]).filter((entry) => !entry.endsWith('*') && !entry.includes(' ') && !/\d/.test(entry));

const VOCABULARY = new Vocabulary([...KEYWORDS, ...Object.keys(UNITS), ...Object.keys(SCALES), ...MONTHS, ...MONTHS_EN, ...WEEKDAYS.flatMap(([names]) => names), ...lexiconWords()]);

/** A message as the parsers read it: folded, shorthand expanded, typos corrected, as words and as text. */
export interface Reading {
  words: string[];
  text: string;
}

/** Stems of the lexicon: a word that starts with one is known as it is ("jantamos" is jant*, not a typo of "gastamos"). */
const STEMS = CATEGORIES.flatMap((category) => LEXICON[category].filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1)));
export const correctWord = (word: string): string => (STEMS.some((stem) => word.startsWith(stem)) ? word : VOCABULARY.correct(word));

export function read(message: string): Reading {
  const folded = fold(message).replace(/(\d)\s*k\b/g, '$1 mil').replace(/\b(segunda|terca|quarta|quinta|sexta)[ -]feira\b/g, '$1');
  const words = wordsOf(folded).flatMap((word) => (/^[a-z]+$/.test(word) ? correctWord(word).split(' ') : [word]));
  return { words, text: ` ${words.join(' ')} ` };
}

// ---------------------------------------------------------------- amounts

const CURRENCY_AFTER = new Set(['reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'paus', 'pau', 'mangos', 'brl', 'dolares', 'dollars', 'bucks', 'rs']);
const AMOUNT_CUES = new Set(['de', 'por', 'foi', 'deu', 'custou', 'paguei', 'gastei', 'valor', 'total', 'spent', 'paid', 'for', 'cost', 'was', 'r$', '$', 'e', 'era', 'is', 'to', 'para']);
const ADDRESS_BEFORE = new Set(['rua', 'avenida', 'av', 'numero', 'no', 'n', 'linha', 'apto', 'apartamento', 'sala', 'loja', 'bloco', 'km', 'mes', 'ano', 'lote', 'quadra', 'br', 'line', 'route', 'store', 'ultimos', 'ultimas', 'last', 'past']);
const UNIT_AFTER = new Set(['h', 'hs', 'hr', 'hrs', 'horas', 'hora', 'min', 'minutos', 'km', 'kg', 'g', 'l', 'litros', 'litro', 'ml', 'x', 'vezes', 'pessoas', 'pessoa', 'unidades', 'un', 'dias', 'dia', 'meses', 'anos', 'semanas', 'o', 'a', 'people', 'days', 'weeks', 'months', 'hours', 'liters', 'times', 'pop', 'taxi', 'eleven', 'parcelas', 'vezes']);
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
    if (ADDRESS_BEFORE.has(before) && /^\d/.test(word)) score -= 6;
    if (UNIT_AFTER.has(after) && !CURRENCY_AFTER.has(after)) score -= 6;
    if (BRAND_NUMBERS.has(word)) score -= 5;
    if (/^(19|20)\d{2}$/.test(word) && !CURRENCY_AFTER.has(after) && before !== 'r$') score -= 4;
    if (Number.isInteger(value) && value <= 12 && /^[a-z]{3,}s$/.test(after) && !CURRENCY_AFTER.has(after)) score -= 3;
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

export function parseAmount(text: string): number | undefined {
  return bestAmount(read(text))?.value;
}

// ---------------------------------------------------------------- categories

interface Match {
  category: Category;
  at: number;
  weight: number;
}

function matchesEntry(entry: string, words: string[], at: number): number {
  if (entry.includes(' ')) {
    const parts = entry.split(' ');
    return parts.every((part, offset) => words[at + offset] === part) ? parts.length : 0;
  }
  const word = words[at] ?? '';
  if (entry.endsWith('*')) {
    const stem = entry.slice(0, -1);
    if (word.startsWith(stem)) return 1;
    // A typo inside the stem: "supermecado" still starts like "supermerc", "farmcia" like "farmac".
    if (stem.length < 5 || typosAllowed(word.length) === 0) return 0;
    for (let length = stem.length - 1; length <= stem.length + 1; length += 1) if (word.length >= length && editDistance(word.slice(0, length), stem, 1) <= 1) return 1;
    return 0;
  }
  return word === entry ? 1 : 0;
}

/**
 * The category a message talks about: phrases first, then specific words, then stems and
 * generic words ("conta", "taxa"); among equals, the first mentioned. `skip`: word indexes
 * that are the amount (a brand made of digits is not read there) or were negated.
 */
export function categoryIn(reading: Reading, skip: Set<number> = new Set()): Category | undefined {
  const matches: Match[] = [];
  for (let at = 0; at < reading.words.length; at += 1) {
    if (skip.has(at)) continue;
    for (const category of CATEGORIES) {
      for (const entry of LEXICON[category]) {
        const length = matchesEntry(entry, reading.words, at);
        if (!length) continue;
        const weight = length > 1 ? 4 : GENERIC.has(entry) ? 1 : entry.endsWith('*') ? 2 : 3;
        matches.push({ category, at, weight });
      }
    }
  }
  if (matches.length === 0) return undefined;
  return matches.reduce((best, match) => (match.weight > best.weight || (match.weight === best.weight && match.at < best.at) ? match : best)).category;
}

export function categoryOf(text: string): Category | undefined {
  return categoryIn(read(text));
}

/** A category named as such ("era lazer", "muda pra transporte", "it was food"), ignoring the one after a "nao"/"not". */
export function namedCategory(reading: Reading): Category | undefined {
  const negated = new Set<number>();
  reading.words.forEach((word, index) => {
    if (word === 'nao' || word === 'not') {
      let next = index + 1;
      while (['e', 'era', 'foi', 'eh', 'em', 'de', 'com', 'is', 'was', 'in', 'a', 'o'].includes(reading.words[next] ?? '')) next += 1;
      negated.add(next);
    }
  });
  for (const [index, word] of reading.words.entries()) {
    if (negated.has(index)) continue;
    for (const category of CATEGORIES) if (CATEGORY_NAMES[category].includes(word)) return category;
  }
  return categoryIn(reading, negated);
}

// ---------------------------------------------------------------- dates

const monthIndex = (word: string | undefined): number | undefined => {
  if (!word) return undefined;
  const full = MONTHS.indexOf(word);
  if (full >= 0) return full;
  const english = MONTHS_EN.indexOf(word);
  return english >= 0 ? english : undefined;
};

const shortMonth = (word: string | undefined): number | undefined => {
  if (!word) return undefined;
  const pt = MONTHS_SHORT.indexOf(word);
  if (pt >= 0) return pt;
  const en = MONTHS_SHORT_EN.indexOf(word);
  return en >= 0 ? en : undefined;
};

/** A day of the month without a month: this month's, or last month's when that day is still ahead. */
function dayOfMonth(day: number, today: IsoDate): IsoDate | undefined {
  const [year, month] = ymd(today);
  const candidate = isoOf(year, month, day);
  if (candidate && candidate <= today) return candidate;
  return isoOf(month === 1 ? year - 1 : year, month === 1 ? 12 : month - 1, day);
}

/** A day and month without a year: the most recent such date. */
function dayAndMonth(day: number, month: number, today: IsoDate, year?: number): IsoDate | undefined {
  const [thisYear] = ymd(today);
  if (year !== undefined) return isoOf(year < 100 ? 2000 + year : year, month, day);
  const candidate = isoOf(thisYear, month, day);
  return candidate && candidate <= today ? candidate : isoOf(thisYear - 1, month, day);
}

interface Found {
  date: IsoDate;
  /** Word indexes it spans. */
  start: number;
  end: number;
}

/** Every date written in the message, in order: 03/11, 3/11/2026, 2026-11-03, "dia 3", "3 de novembro", "nov 3". */
function datesIn(reading: Reading, today: IsoDate): Found[] {
  const { words } = reading;
  const found: Found[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    const slash = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?$/.exec(word);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
    if (iso) {
      const date = isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
      if (date) found.push({ date, start: index, end: index });
      continue;
    }
    if (slash) {
      const date = dayAndMonth(Number(slash[1]), Number(slash[2]), today, slash[3] ? Number(slash[3]) : undefined);
      if (date) found.push({ date, start: index, end: index });
      continue;
    }
    if (/^\d{1,2}$/.test(word)) {
      const day = Number(word);
      // "3 de novembro (de 2025)", "3 novembro", "november 3"
      const ofMonth = words[index + 1] === 'de' ? monthIndex(words[index + 2]) : monthIndex(words[index + 1]);
      if (ofMonth !== undefined) {
        const monthAt = words[index + 1] === 'de' ? index + 2 : index + 1;
        const yearAt = words[monthAt + 1] === 'de' ? monthAt + 2 : monthAt + 1;
        const year = /^\d{4}$/.test(words[yearAt] ?? '') ? Number(words[yearAt]) : undefined;
        const date = dayAndMonth(day, ofMonth + 1, today, year);
        if (date) found.push({ date, start: index, end: year ? yearAt : monthAt });
        continue;
      }
      const englishMonth = monthIndex(words[index - 1]) ?? shortMonth(words[index - 1]);
      if (englishMonth !== undefined && words[index - 2] !== 'de' && /^[a-z]/.test(words[index - 1] ?? '') && MONTHS_EN.concat(MONTHS_SHORT_EN).includes(words[index - 1]!)) {
        const date = dayAndMonth(day, englishMonth + 1, today);
        if (date) found.push({ date, start: index - 1, end: index });
        continue;
      }
      if (words[index - 1] === 'dia' || words[index - 1] === 'day' || (words[index - 1] === 'the' && /^(st|nd|rd|th)$/.test(words[index + 1] ?? ''))) {
        const date = dayOfMonth(day, today);
        if (date) found.push({ date, start: index - 1, end: index });
      }
    }
  }
  return found;
}

function weekdayIn(reading: Reading): { target: number; at: number } | undefined {
  for (const [index, word] of reading.words.entries()) {
    for (const [names, target] of WEEKDAYS) if (names.includes(word)) return { target, at: index };
  }
  return undefined;
}

/** The most recent such weekday before today ("segunda", "segunda passada", "last monday", "na sexta"). */
const lastWeekday = (target: number, today: IsoDate): IsoDate => addDays(today, -((weekday(today) - target + 7) % 7 || 7));

/** "ha 3 dias", "3 dias atras", "3 days ago" -> days back; undefined when none. */
function daysAgo(reading: Reading): number | undefined {
  const match = /\b(?:ha|faz)\s+(\d+|[a-z]+)\s+dias?\b|\b(\d+|[a-z]+)\s+dias?\s+atras\b|\b(\d+|[a-z]+)\s+days?\s+ago\b/.exec(reading.text);
  if (!match) return undefined;
  const raw = match[1] ?? match[2] ?? match[3] ?? '';
  const value = /^\d+$/.test(raw) ? Number(raw) : UNITS[raw];
  return value;
}

/**
 * The date an expense happened, relative to `today` (America/Sao_Paulo): hoje, ontem,
 * anteontem, "dia 3", "03/11", "3 de novembro", weekdays, "ha 2 dias", English too. Default: today.
 */
export function parseDate(text: string, today: IsoDate): IsoDate {
  return dateIn(read(text), today);
}

export function dateIn(reading: Reading, today: IsoDate): IsoDate {
  const { text } = reading;
  if (/ anteontem | antes de ontem | day before yesterday /.test(text)) return addDays(today, -2);
  if (/ ontem | yesterday /.test(text)) return addDays(today, -1);
  const explicit = datesIn(reading, today)[0];
  if (explicit) return explicit.date;
  const back = daysAgo(reading);
  if (back !== undefined) return addDays(today, -back);
  const day = weekdayIn(reading);
  if (day) return lastWeekday(day.target, today);
  return today;
}

// ---------------------------------------------------------------- periods

export interface Period {
  start: IsoDate;
  end: IsoDate;
  label: string;
}

const monthPeriod = (year: number, monthIndexValue: number, label: string): Period => ({
  start: toIso(Date.UTC(year, monthIndexValue, 1)),
  end: toIso(Date.UTC(year, monthIndexValue + 1, 0)),
  label,
});

const MONTH_LABEL = (index: number) => (index === 2 ? 'março' : MONTHS[index]!);

/**
 * The period of a question: explicit ranges ("de 01/11 a 15/11", "do dia 5 ao dia 12",
 * "entre 3 e 10 de novembro", "from nov 1 to nov 10"), "desde segunda", "ultimos N
 * dias/semanas/meses", "semana passada", "essa semana", "mes passado", "esse mes", "esse
 * ano", "ano passado", "hoje", "ontem", month names with or without year, English too.
 * Default: this month.
 */
export function parsePeriod(text: string, today: IsoDate): Period {
  return periodIn(read(text), today);
}

export function periodIn(reading: Reading, today: IsoDate): Period {
  const { text, words } = reading;
  const [year, month] = ymd(today);
  const dates = datesIn(reading, today);

  // Explicit ranges: two dates, or "do dia 5 ao dia 12" / "entre 3 e 10 de novembro" (the month of the second).
  const rangeWords = / (de|do|da|entre|from|between) /.test(text) && / (a|ao|ate|e|to|and|until|-) /.test(text);
  if (rangeWords) {
    const shortRange = / (?:do dia|dia|de|entre|from|between) (\d{1,2}) (?:a|ao|ate|e|to|and|-) (?:o dia |dia )?(\d{1,2})(?: de)? ([a-z]+)(?: (?:de )?(\d{4}))? /.exec(text);
    if (shortRange) {
      const monthOf = monthIndex(shortRange[3]);
      if (monthOf !== undefined) {
        const y = shortRange[4] ? Number(shortRange[4]) : undefined;
        const end = dayAndMonth(Number(shortRange[2]), monthOf + 1, today, y);
        const start = end ? isoOf(Number(end.slice(0, 4)), monthOf + 1, Number(shortRange[1])) : undefined;
        if (start && end && start <= end) return { start, end, label: `de ${br(start)} a ${br(end)}` };
      }
    }
    if (dates.length >= 2) {
      const [first, second] = [dates[0]!.date, dates[1]!.date];
      let start = first;
      const end = second;
      // "de 20/12 a 05/01": the first date is in the year before.
      if (start > end) start = `${Number(start.slice(0, 4)) - 1}${start.slice(4)}`;
      return { start, end, label: `de ${br(start)} a ${br(end)}` };
    }
    const dayRange = / (?:do dia|dia|de|entre) (\d{1,2}) (?:a|ao|ate|e) (?:o dia |dia )?(\d{1,2}) /.exec(text);
    if (dayRange) {
      const end = dayOfMonth(Number(dayRange[2]), today);
      const start = end ? isoOf(Number(end.slice(0, 4)), Number(end.slice(5, 7)), Number(dayRange[1])) : undefined;
      if (start && end && start <= end) return { start, end, label: `de ${br(start)} a ${br(end)}` };
    }
  }

  const last = / (?:ultimos|ultimas|last|past) (\d+|[a-z]+) (dias|semanas|meses|days|weeks|months) /.exec(text);
  if (last) {
    const count = /^\d+$/.test(last[1]!) ? Number(last[1]) : UNITS[last[1]!];
    if (count && count > 0) {
      const unit = last[2]!;
      const start = /^(dias|days)$/.test(unit) ? addDays(today, -(count - 1)) : /^(semanas|weeks)$/.test(unit) ? addDays(today, -(7 * count - 1)) : addDays(addMonths(today, -count), 1);
      return { start, end: today, label: `os últimos ${count} ${unit === 'days' ? 'dias' : unit === 'weeks' ? 'semanas' : unit === 'months' ? 'meses' : unit}` };
    }
  }
  const lastSingle = / (?:ultima|ultimo|last|past) (semana|mes|week|month|ano|year) /.exec(text);
  if (lastSingle && !/ (semana|mes|ano) passad[oa] /.test(text)) {
    const unit = lastSingle[1]!;
    const start = /semana|week/.test(unit) ? addDays(today, -6) : /mes|month/.test(unit) ? addDays(addMonths(today, -1), 1) : addDays(addMonths(today, -12), 1);
    // "last week" / "last month" in English mean the calendar ones; "a ultima semana" means the last 7 days.
    if (!/ last (week|month|year) /.test(text)) return { start, end: today, label: `os últimos ${/semana|week/.test(unit) ? '7 dias' : /mes|month/.test(unit) ? '30 dias' : '12 meses'}` };
  }

  const since = / (?:desde|since|a partir de) /.test(text);
  if (since) {
    if (dates[0]) return { start: dates[0].date, end: today, label: `desde ${br(dates[0].date)}` };
    const day = weekdayIn(reading);
    if (day) {
      const start = lastWeekday(day.target, today);
      return { start, end: today, label: `desde ${br(start)}` };
    }
    const monthOf = words.map((word) => monthIndex(word)).find((value) => value !== undefined);
    if (monthOf !== undefined) {
      const y = monthOf + 1 > month ? year - 1 : year;
      const start = toIso(Date.UTC(y, monthOf, 1));
      return { start, end: today, label: `desde ${br(start)}` };
    }
  }

  if (/ (semana|week) (passada|retrasada) | last week | previous week | semana anterior /.test(text)) {
    const monday = addDays(today, -((weekday(today) + 6) % 7) - 7);
    return { start: monday, end: addDays(monday, 6), label: 'a semana passada' };
  }
  if (/ (essa|esta|nessa|nesta|da|dessa|desta) semana | this week /.test(text)) return { start: addDays(today, -((weekday(today) + 6) % 7)), end: today, label: 'esta semana' };
  if (/ (mes|month) (passado|anterior) | last month | previous month /.test(text)) return monthPeriod(year, month - 2, 'o mês passado');
  if (/ (ano|year) (passado|anterior) | last year /.test(text)) return { start: `${year - 1}-01-01`, end: `${year - 1}-12-31`, label: `${year - 1}` };
  if (/ (esse|este|nesse|neste|desse|deste|do|no) ano | this year /.test(text)) return { start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}` };
  if (dates.length === 1 && !/ (mes|month) /.test(text)) return { start: dates[0]!.date, end: dates[0]!.date, label: `em ${br(dates[0]!.date)}` };
  if (/ hoje | today /.test(text)) return { start: today, end: today, label: 'hoje' };
  if (/ anteontem /.test(text)) return { start: addDays(today, -2), end: addDays(today, -2), label: 'anteontem' };
  if (/ ontem | yesterday /.test(text)) return { start: addDays(today, -1), end: addDays(today, -1), label: 'ontem' };

  for (const [index, word] of words.entries()) {
    let monthOf = monthIndex(word);
    const next = words[index + 1];
    // "out/2025", "nov 2025": abbreviations only with a year, so "out" and "set" stay words.
    const yearAfter = /^(\d{4})$/.exec(next === 'de' || next === 'of' ? (words[index + 2] ?? '') : (next ?? ''));
    if (monthOf === undefined && yearAfter) monthOf = shortMonth(word);
    const glued = /^([a-z]{3})\/(\d{2,4})$/.exec(word);
    if (monthOf === undefined && !glued) continue;
    if (glued) {
      const gluedMonth = shortMonth(glued[1]) ?? monthIndex(glued[1]);
      if (gluedMonth === undefined) continue;
      const y = glued[2]!.length === 2 ? 2000 + Number(glued[2]) : Number(glued[2]);
      return monthPeriod(y, gluedMonth, `${MONTH_LABEL(gluedMonth)} de ${y}`);
    }
    const y = yearAfter ? Number(yearAfter[1]) : monthOf! + 1 > month ? year - 1 : year;
    return monthPeriod(y, monthOf!, `${MONTH_LABEL(monthOf!)} de ${y}`);
  }
  const day = weekdayIn(reading);
  if (day) {
    const date = lastWeekday(day.target, today);
    return { start: date, end: date, label: `em ${br(date)}` };
  }
  return monthPeriod(year, month - 1, 'este mês');
}

const br = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

// ---------------------------------------------------------------- intents

const QUESTION = / quanto | quantos | quanta | resumo | extrato | relatorio | balanco | grafico | how much | summary | overview | chart | report | breakdown | mostra | mostrar | mostre | lista | listar | quais | qual foi | qual o total | total de | total do | total da | total gasto | como (?:estao|estou|esta|vao|anda|andam|ficou|ficaram|to|ta) | how am i | how are my | how did i | what did i spend | show me | list my /;
const WEAK_QUESTION = / gastos | despesas | spending | expenses | gastei\?? $/;

/** Is the message a question about spending (rather than an expense to record)? */
export function isQuery(text: string): boolean {
  return queryIn(read(text), text.includes('?'));
}

export function queryIn(reading: Reading, questionMark: boolean): boolean {
  if (QUESTION.test(reading.text)) return true;
  if (!WEAK_QUESTION.test(reading.text)) return false;
  // "gastos do mes?" asks; "gastos com mercado 50" records.
  const amount = bestAmount(reading);
  return amount === undefined || amount.score < 0 || questionMark;
}

/** Does the question ask for an overview (answered with a chart)? */
export function wantsChart(reading: Reading): boolean {
  return / resumo | grafico | overview | chart | summary | relatorio | balanco | panorama | breakdown | como (?:estao|estou|esta|vao|anda|andam|ficou|ficaram|to|ta) | how am i | how are my | how did i do /.test(reading.text);
}

export function isDeletion(reading: Reading): boolean {
  return / (apaga|apagar|apague|deleta|deletar|delete|exclui|excluir|exclua|remove|remover|remova|cancela|cancelar|cancele|desfaz|desfazer|desfaca|undo|tira|tirar) /.test(reading.text) && !/ (apaga|deleta|exclui|remove) (tudo|todos|all|everything) /.test(reading.text);
}

/** A correction of the last expense: "nao, foi 45", "era lazer, nao outros", "na verdade foi ontem", "corrige pra 45". */
export function isCorrection(reading: Reading): boolean {
  const { text } = reading;
  return (
    /^ (nao|no|nope) (foi|era|e|eh|it was|was) /.test(text) ||
    /^ (nao|no|errado|errei|ops|opa|oops) (?!gastei|paguei|comprei)/.test(text) && / (foi|era|e|eh|it was|was|is|seria) /.test(text) ||
    / na verdade (foi|era|e|eh) | (corrige|corrigir|corrija|altera|alterar|muda|mudar|troca|trocar|edita|editar|coloca|colocar|change|fix|make it|update) | o valor (certo|correto) | valor (certo|correto) | actually (it was|it s|was) | it was actually | categoria (certa|correta|errada|errado) | wrong (category|amount) /.test(text) ||
    /^ era /.test(text) ||
    / (era|foi) \S+ nao \S+ /.test(text)
  );
}
