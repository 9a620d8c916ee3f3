import { fold } from '../../domain/assistant/categories.js';
import { formatBrl } from '../../domain/format.js';

export { formatBrl };

/** A calendar date `YYYY-MM-DD`; all date arithmetic is on UTC midnights of such dates. */
export type IsoDate = string;

const DAY = 86_400_000;
const toEpoch = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
const toIso = (epoch: number): IsoDate => new Date(epoch).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number): IsoDate => toIso(toEpoch(date) + days * DAY);
const weekday = (date: IsoDate) => new Date(toEpoch(date)).getUTCDay();

const NUMBER_WORDS: Record<string, number> = {
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15,
  dezesseis: 16, dezessete: 17, dezoito: 18, dezenove: 19, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  cem: 100, cento: 100, duzentos: 200, trezentos: 300, quatrocentos: 400, quinhentos: 500, seiscentos: 600, setecentos: 700, oitocentos: 800, novecentos: 900, mil: 1000,
};

export const isNumberWord = (word: string): boolean => fold(word) in NUMBER_WORDS;

/** "1.234,56" / "45,90" / "45.90" / "1,234.56" -> number. */
function numeric(token: string): number | undefined {
  let text = token;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(text)) text = text.replace(/,/g, '');
  else if (/^\d+,\d{1,2}$/.test(text)) text = text.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The amount of money in a message: "R$ 45,90", "45.90", "1.234,56", "cem reais",
 * "50 conto", "vinte e cinco reais". Undefined when there is none.
 */
export function parseAmount(text: string): number | undefined {
  const folded = fold(text);
  const withCurrency = /r\$\s*(\d[\d.,]*)/.exec(folded) ?? /(\d[\d.,]*)\s*(reais|real|conto|contos|pila|pilas|brl|dolares|bucks)\b/.exec(folded);
  if (withCurrency?.[1]) {
    const value = numeric(withCurrency[1].replace(/[.,]$/, ''));
    if (value !== undefined) return value;
  }
  const words = /((?:[a-z]+\s+(?:e\s+)?)*[a-z]+)\s+(reais|real|conto|contos|pila)\b/.exec(folded);
  if (words?.[1]) {
    let total = 0;
    let found = false;
    for (const word of words[1].split(/\s+/)) {
      if (word === 'e') continue;
      const value = NUMBER_WORDS[word];
      if (value === undefined) {
        total = 0;
        found = false;
        continue;
      }
      total = value === 1000 ? (total || 1) * 1000 : total + value;
      found = true;
    }
    if (found) return total;
  }
  // A bare number that is not part of a date ("dia 3", "03/11").
  for (const match of folded.matchAll(/(?<![\d/])(\d[\d.,]*\d|\d)(?![\d/])/g)) {
    const before = folded.slice(Math.max(0, (match.index ?? 0) - 4), match.index);
    if (/dia\s*$/.test(before)) continue;
    const value = numeric(match[1] ?? '');
    if (value !== undefined) return value;
  }
  return undefined;
}

const WEEKDAYS: [RegExp, number][] = [
  [/\bdomingo\b|\bsunday\b/, 0],
  [/\bsegunda\b|\bmonday\b/, 1],
  [/\bterca\b|\btuesday\b/, 2],
  [/\bquarta\b|\bwednesday\b/, 3],
  [/\bquinta\b|\bthursday\b/, 4],
  [/\bsexta\b|\bfriday\b/, 5],
  [/\bsabado\b|\bsaturday\b/, 6],
];

/**
 * The date a message speaks of, relative to `today` (in America/Sao_Paulo):
 * hoje, ontem, anteontem, "dia 3", "03/11", "03/11/2026", weekday names ("segunda",
 * "segunda passada": the most recent one before today). Default: today.
 */
export function parseDate(text: string, today: IsoDate): IsoDate {
  const folded = fold(text);
  if (/\banteontem\b|day before yesterday/.test(folded)) return addDays(today, -2);
  if (/\bontem\b|\byesterday\b/.test(folded)) return addDays(today, -1);
  const full = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/.exec(folded);
  const [year, month] = today.split('-').map(Number) as [number, number];
  if (full) {
    const y = full[3] ? (full[3].length === 2 ? 2000 + Number(full[3]) : Number(full[3])) : year;
    const candidate = `${y}-${full[2]?.padStart(2, '0')}-${full[1]?.padStart(2, '0')}`;
    if (!Number.isNaN(toEpoch(candidate))) return !full[3] && candidate > today ? `${y - 1}${candidate.slice(4)}` : candidate;
  }
  const day = /\bdia\s+(\d{1,2})\b/.exec(folded);
  if (day) {
    const candidate = `${year}-${String(month).padStart(2, '0')}-${day[1]?.padStart(2, '0')}`;
    if (candidate <= today) return candidate;
    const previous = new Date(Date.UTC(year, month - 2, Number(day[1])));
    return toIso(previous.getTime());
  }
  for (const [pattern, target] of WEEKDAYS) {
    if (!pattern.test(folded)) continue;
    const back = (weekday(today) - target + 7) % 7 || 7;
    return addDays(today, -back);
  }
  return today;
}

export interface Period {
  start: IsoDate;
  end: IsoDate;
  label: string;
}

const MONTHS = ['janeiro', 'fevereiro', 'marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const monthPeriod = (year: number, monthIndex: number, label: string): Period => ({
  start: toIso(Date.UTC(year, monthIndex, 1)),
  end: toIso(Date.UTC(year, monthIndex + 1, 0)),
  label,
});

/** The period of a question: "esse mês", "mês passado", "semana passada", "essa semana", "hoje", "ontem", "resumo de outubro". */
export function parsePeriod(text: string, today: IsoDate): Period {
  const folded = fold(text);
  const [year, month] = today.split('-').map(Number) as [number, number];
  if (/(mes|month)\s+passad[oa]|last month/.test(folded)) return monthPeriod(year, month - 2, 'o mês passado');
  if (/semana\s+passada|last week/.test(folded)) {
    const monday = addDays(today, -((weekday(today) + 6) % 7) - 7);
    return { start: monday, end: addDays(monday, 6), label: 'a semana passada' };
  }
  if (/(essa|esta|nessa|nesta)\s+semana|this week/.test(folded)) return { start: addDays(today, -((weekday(today) + 6) % 7)), end: today, label: 'esta semana' };
  if (/\bhoje\b|\btoday\b/.test(folded)) return { start: today, end: today, label: 'hoje' };
  if (/\bontem\b|\byesterday\b/.test(folded)) return { start: addDays(today, -1), end: addDays(today, -1), label: 'ontem' };
  for (const [index, name] of MONTHS.entries()) {
    if (new RegExp(`\\b(${name}|${MONTHS_EN[index]})\\b`).test(folded)) {
      const y = index + 1 > month ? year - 1 : year;
      return monthPeriod(y, index, `${name === 'marco' ? 'março' : name} de ${y}`);
    }
  }
  return monthPeriod(year, month - 1, 'este mês');
}

/** Is the message a question about spending (rather than an expense to record)? */
export function isQuery(text: string): boolean {
  const folded = fold(text);
  return /\bquanto\b|\bresumo\b|\bgastos\b|\btotal\b|how much|\bsummary\b|\bextrato\b|\bmostra/.test(folded) && !/\bgastei\s+(r\$\s*)?\d/.test(folded);
}
