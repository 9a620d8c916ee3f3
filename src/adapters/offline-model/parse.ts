/**
 * How the offline model reads a message, one module per concern: reading.ts (words, shorthand,
 * typos), amounts.ts, categories.ts, dates.ts, periods.ts, intents.ts, and expenses.ts /
 * targets.ts for what a message asks to add or change. This file gathers their entry points.
 */
export { formatBrl } from '../../domain/format.js';
export { addDays, type IsoDate } from './calendar.js';
export { isNumberWord } from './numbers.js';
export { correctWord, read, type Reading } from './reading.js';
export { amountCandidates, BRAND_NUMBERS, bestAmount, parseAmount, type AmountCandidate } from './amounts.js';
export { categoryIn, categoryOf, namedCategory } from './categories.js';
export { dateIn, parseDate } from './dates.js';
export { parsePeriod, periodIn, type Period } from './periods.js';
export { isCorrection, isDeletion, isQuery, queryIn, wantsChart } from './intents.js';
