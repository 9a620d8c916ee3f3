import { addDays, isoOf, MONTHS_EN, MONTHS_SHORT_EN, monthIndex, shortMonth, weekday, WEEKDAYS, ymd, type IsoDate } from './calendar.js';
import { UNITS } from './numbers.js';
import type { Reading } from './reading.js';

/** Dates of expenses, relative to today. */
/** A day of the month without a month: this month's, or last month's when that day is still ahead. */
export function dayOfMonth(day: number, today: IsoDate): IsoDate | undefined {
  const [year, month] = ymd(today);
  const candidate = isoOf(year, month, day);
  if (candidate && candidate <= today) return candidate;
  return isoOf(month === 1 ? year - 1 : year, month === 1 ? 12 : month - 1, day);
}

/** A day and month without a year: the most recent such date. */
export function dayAndMonth(day: number, month: number, today: IsoDate, year?: number): IsoDate | undefined {
  const [thisYear] = ymd(today);
  if (year !== undefined) return isoOf(year < 100 ? 2000 + year : year, month, day);
  const candidate = isoOf(thisYear, month, day);
  return candidate && candidate <= today ? candidate : isoOf(thisYear - 1, month, day);
}

export interface Found {
  date: IsoDate;
  /** Word indexes it spans. */
  start: number;
  end: number;
}

/** Every date written in the message, in order: 03/11, 3/11/2026, 2026-11-03, "dia 3", "3 de novembro", "nov 3". */
export function datesIn(reading: Reading, today: IsoDate): Found[] {
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

export function weekdayIn(reading: Reading): { target: number; at: number } | undefined {
  for (const [index, word] of reading.words.entries()) {
    for (const [names, target] of WEEKDAYS) if (names.includes(word)) return { target, at: index };
  }
  return undefined;
}

/** The most recent such weekday before today ("segunda", "segunda passada", "last monday", "na sexta"). */
export const lastWeekday = (target: number, today: IsoDate): IsoDate => addDays(today, -((weekday(today) - target + 7) % 7 || 7));

/** "ha 3 dias", "3 dias atras", "3 days ago" -> days back; undefined when none. */
export function daysAgo(reading: Reading): number | undefined {
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
