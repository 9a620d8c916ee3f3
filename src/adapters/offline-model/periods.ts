import { addDays, addMonths, br, isoOf, MONTHS, monthIndex, shortMonth, toIso, weekday, ymd, type IsoDate } from './calendar.js';
import { datesIn, dayAndMonth, dayOfMonth, lastWeekday, weekdayIn } from './dates.js';
import { UNITS } from './numbers.js';
import type { Reading } from './reading.js';

/** Periods of questions. */

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

