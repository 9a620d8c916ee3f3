/** Calendar arithmetic on `YYYY-MM-DD` dates (UTC midnights), and the names of months and weekdays. */

/** A calendar date `YYYY-MM-DD`; all date arithmetic is on UTC midnights of such dates. */
export type IsoDate = string;

const DAY = 86_400_000;
const toEpoch = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
export const toIso = (epoch: number): IsoDate => new Date(epoch).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number): IsoDate => toIso(toEpoch(date) + days * DAY);
export const weekday = (date: IsoDate) => new Date(toEpoch(date)).getUTCDay();
export const ymd = (date: IsoDate) => date.split('-').map(Number) as [number, number, number];
export const isoOf = (year: number, month: number, day: number): IsoDate | undefined => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? toIso(date.getTime()) : undefined;
};
export const addMonths = (date: IsoDate, months: number): IsoDate => {
  const [year, month, day] = ymd(date);
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return toIso(Date.UTC(year, month - 1 + months, Math.min(day, last)));
};


export const MONTHS = ['janeiro', 'fevereiro', 'marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
export const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
export const MONTHS_SHORT = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
export const MONTHS_SHORT_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const WEEKDAYS: [string[], number][] = [
  [['domingo', 'sunday'], 0],
  [['segunda', 'monday'], 1],
  [['terca', 'tuesday'], 2],
  [['quarta', 'wednesday'], 3],
  [['quinta', 'thursday'], 4],
  [['sexta', 'friday'], 5],
  [['sabado', 'saturday'], 6],
];

/** The month (0-11) a word names in any of these lists (Portuguese first), or undefined. */
const monthIn =
  (...lists: string[][]) =>
  (word: string | undefined): number | undefined => {
    const index = word ? lists.map((list) => list.indexOf(word)).find((found) => found >= 0) : undefined;
    return index === undefined || index < 0 ? undefined : index;
  };

/** "novembro", "november" -> 10. */
export const monthIndex = monthIn(MONTHS, MONTHS_EN);
/** "nov", "dec" -> 10, 11 (only read next to a year: "out" and "set" are words too). */
export const shortMonth = monthIn(MONTHS_SHORT, MONTHS_SHORT_EN);


/** 2026-11-18 -> 18/11/2026. */
export const br = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
