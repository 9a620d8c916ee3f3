import { isMissing, parseBoolean, parseDate, parseNumber, type Decimal } from './values.js';
import type { RawRow } from './raw-row.js';
import { ByteDictionary } from './dictionary.js';
import type { Infinities } from './infinities.js';
import { addMoment, emptyMoments, mergeMoments } from './moments.js';
import { ExactBudget, Quantiles } from './quantiles.js';
import { Distinct } from './distinct.js';

export { mergeMoments, type Moments } from './moments.js';
export { EXACT_VALUES_BUDGET, ExactBudget, HISTOGRAM_BYTES, QUANTILE_COUNTS_BUDGET, Quantiles, RANGE_EXACT_VALUES_BUDGET, RANGE_HISTOGRAM_BYTES, ValueBuffer } from './quantiles.js';
export { DISTINCT_BYTES, Distinct, DistinctBudget, NUMERIC_DISTINCT_BUDGET } from './distinct.js';

/**
 * Different values a column's dictionary holds before the column decodes every field (its
 * values are still counted exactly, as text, within DISTINCT_BYTES).
 */
export const DICTIONARY_LIMIT = 100_000;

/** What a value is, parsed once per distinct value. */
interface Classified {
  missing: boolean;
  number: { value: number; integer: boolean; decimals: number } | undefined;
  boolean: boolean;
  date: { epoch: number; hasTime: boolean; zoned?: true } | undefined;
  /** A number with the file's decimal mark (1) or only with the other one (2), while the column may be either; else 0. */
  either?: 0 | 1 | 2;
}

/** A present value that is not a number, boolean or date (most values of a text column share it). */
const TEXT: Classified = { missing: false, number: undefined, boolean: false, date: undefined };
const MISSING_VALUE: Classified = { missing: true, number: undefined, boolean: false, date: undefined };

const OTHER: Record<Decimal, Decimal> = { '.': ',', ',': '.' };

/** `10,106`, `-1,234,567`: US thousands groups, not a decimal comma (`--decimal ,` would read them 1000x too small). */
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+$/;

/** 1: a number with `decimal`; 2: only with the other mark (`12,50` in a file read with `.`); 0: neither. */
function eitherNumber(text: string, decimal: Decimal, known?: Classified['number']): 0 | 1 | 2 {
  if (known ?? parseNumber(text, decimal)) return 1;
  if (decimal === '.' && COMMA_THOUSANDS.test(text.trim())) return 0;
  return parseNumber(text, OTHER[decimal]) ? 2 : 0;
}

/** What `text` is, parsed only as what the column can still be (a column that held a word is never numeric again). */
function classify(text: string, decimal: Decimal, number: boolean, boolean: boolean, date: boolean, either: boolean): Classified {
  if (isMissing(text)) return MISSING_VALUE;
  const parsed: Classified = { missing: false, number: number ? parseNumber(text, decimal) : undefined, boolean: boolean && parseBoolean(text) !== undefined, date: date ? parseDate(text) : undefined };
  if (either && !parsed.number) parsed.either = eitherNumber(text, decimal);
  return parsed.number || parsed.boolean || parsed.date || parsed.either ? parsed : TEXT;
}

/** Everything one column needs for its summary; merge two of them and you get the whole. */
export class ColumnAccumulator {
  missing = 0;
  present = 0;
  integers = 0;
  numbers = 0;
  booleans = 0;
  dates = 0;
  datesWithTime = 0;
  /** Dates that named their offset (`Z`, `-03:00`): statistics print in UTC with `Z`, else naive as written. */
  datesWithZone = 0;
  /** Infinite numbers (`inf`, `-Infinity`, `1e400`): values of a numeric column kept apart from its moments and quartiles (infinities.ts). */
  infinities: Infinities = { negative: 0, positive: 0 };
  /** The most digits after the decimal point a number of the column was written with (text output keeps them). */
  decimals = 0;
  /**
   * Values that are numbers only with the other decimal mark (`12,50` read with `.`), and values
   * that are numbers with the file's mark but came after the column stopped being numeric: while
   * numbers + laterNumbers + otherDecimal === present, the column would be numeric read with the
   * other mark, and the summary says so (a decimal comma the sniffer's sample did not show).
   */
  otherDecimal = 0;
  laterNumbers = 0;
  /** The first value that needed the other mark, for the warning. */
  otherExample: string | undefined;
  numeric = emptyMoments();
  numericQuantiles: Quantiles;
  temporal = emptyMoments();
  temporalQuantiles: Quantiles;
  private counted: Distinct;
  /** Values seen before, by their bytes, with counts not yet handed to `distinct` (while the column has at most DICTIONARY_LIMIT different values). */
  private dictionary: ByteDictionary<Classified> | undefined = new ByteDictionary(DICTIONARY_LIMIT);

  /** unique/top/freq so far: the dictionary's pending counts are handed on first. */
  get distinct(): Distinct {
    this.dictionary?.drain((text, count) => this.counted.add(text, count));
    return this.counted;
  }

  set distinct(distinct: Distinct) {
    this.dictionary?.drain(() => undefined);
    this.counted = distinct;
  }

  constructor(
    readonly name: string,
    budget: ExactBudget = new ExactBudget(),
  ) {
    this.counted = new Distinct(undefined, undefined, undefined, 0, true, budget.distinct);
    this.numericQuantiles = new Quantiles(undefined, undefined, undefined, budget);
    this.temporalQuantiles = new Quantiles(undefined, undefined, undefined, budget);
  }

  add(field: string | undefined, decimal: Decimal): void {
    if (field === undefined || isMissing(field)) {
      this.missing += 1;
      return;
    }
    this.addPresent(field, decimal, undefined, -1);
  }

  /**
   * A present value; `known` is what the dictionary remembers of it (parsed once per distinct
   * value), `entry` its place there (-1: none), where a value that is not a number is counted.
   */
  private addPresent(field: string, decimal: Decimal, known: Classified | undefined, entry: number): void {
    // Once one value is not a number (boolean, date), the column cannot be numeric (...):
    // skip those parsers. Counts stay below `present`, so merged chunks decide the same type.
    const couldBeNumber = this.numbers === this.present;
    const couldBeBoolean = this.booleans === this.present;
    const couldBeDate = this.dates === this.present;
    const couldBeEither = this.numbers + this.laterNumbers + this.otherDecimal === this.present;
    this.present += 1;
    const number = couldBeNumber ? (known ? known.number : parseNumber(field, decimal)) : undefined;
    if (!number && couldBeEither) {
      const either = known?.either ?? eitherNumber(field, decimal, known?.number);
      if (either === 1) this.laterNumbers += 1;
      else if (either === 2) {
        this.otherDecimal += 1;
        this.otherExample ??= field;
      }
    }
    if (!number) {
      if (entry >= 0) (this.dictionary as ByteDictionary<Classified>).counts[entry] += 1;
      else this.counted.add(field);
    } else if (String(number.value) === field) this.counted.addNumber(number.value);
    else this.counted.addSpelled(field);
    if (number) {
      this.numbers += 1;
      if (number.integer) this.integers += 1;
      if (number.decimals > this.decimals) this.decimals = number.decimals;
      if (number.value === Infinity || number.value === -Infinity) {
        if (number.value > 0) this.infinities.positive += 1;
        else this.infinities.negative += 1;
        return;
      }
      addMoment(this.numeric, number.value);
      this.numericQuantiles.addDecimal(number.value, number.decimals);
      return;
    }
    if (couldBeBoolean && (known ? known.boolean : parseBoolean(field) !== undefined)) {
      this.booleans += 1;
      return;
    }
    const date = couldBeDate ? (known ? known.date : parseDate(field)) : undefined;
    if (date) {
      this.dates += 1;
      if (date.hasTime) this.datesWithTime += 1;
      if (date.zoned) this.datesWithZone += 1;
      addMoment(this.temporal, date.epoch);
      this.temporalQuantiles.addDate(date.epoch);
    }
  }

  /**
   * The same as add(row.text(index)), faster for a column that has held only numbers:
   * a plain decimal is read from the bytes, without decoding text.
   */
  addRaw(row: RawRow, index: number, decimal: Decimal): void {
    if (decimal === '.' && this.numbers === this.present) {
      if (row.isEmpty(index)) {
        this.missing += 1;
        return;
      }
      const value = row.number(index);
      if (value === value) {
        this.present += 1;
        this.numbers += 1;
        if (row.integer) this.integers += 1;
        else if (row.decimals > this.decimals) this.decimals = row.decimals;
        if (row.canonical) this.counted.addNumber(value);
        // Past its budget a numeric column only counts what it skips: no text to decode.
        else if (this.counted.frozen) this.counted.untracked += 1;
        else this.counted.addSpelled(row.text(index));
        addMoment(this.numeric, value);
        this.numericQuantiles.addDecimal(value, row.decimals);
        return;
      }
    }
    const dictionary = this.dictionary;
    if (dictionary) {
      // A quoted field with "" (decoded) is found by its text's bytes: every value goes through
      // the dictionary, whose order is the order values were first seen (pandas' top on a tie).
      const decoded = row.decoded[index];
      const bytes = decoded === undefined ? row.bytes : Buffer.from(decoded);
      const start = decoded === undefined ? (row.starts[index] as number) : 0;
      const end = decoded === undefined ? (row.ends[index] as number) : bytes.length;
      let entry = dictionary.find(bytes, start, end);
      if (entry < 0) {
        const text = decoded ?? row.text(index);
        const info = classify(text, decimal, this.numbers === this.present, this.booleans === this.present, this.dates === this.present, this.numbers + this.laterNumbers + this.otherDecimal === this.present);
        entry = dictionary.insert(bytes, start, end, text, info, info === TEXT);
      }
      if (entry >= 0) {
        if (dictionary.plain[entry] === 1) {
          // Present, and neither a number, a boolean nor a date: what addPresent would do.
          this.present += 1;
          dictionary.counts[entry] += 1;
          return;
        }
        const info = dictionary.infos[entry] as Classified;
        if (info.missing) this.missing += 1;
        else this.addPresent(dictionary.texts[entry] as string, decimal, info, entry);
        return;
      }
      // More different values than unique counts exactly: decode every field from now on.
      dictionary.drain((text, count) => this.counted.add(text, count));
      this.dictionary = undefined;
    }
    this.add(row.text(index), decimal);
  }

  merge(other: ColumnAccumulator): void {
    this.missing += other.missing;
    this.present += other.present;
    this.integers += other.integers;
    this.numbers += other.numbers;
    this.booleans += other.booleans;
    this.dates += other.dates;
    this.datesWithTime += other.datesWithTime;
    this.datesWithZone += other.datesWithZone;
    this.decimals = Math.max(this.decimals, other.decimals);
    this.otherDecimal += other.otherDecimal;
    this.laterNumbers += other.laterNumbers;
    this.otherExample ??= other.otherExample;
    this.infinities = { negative: this.infinities.negative + other.infinities.negative, positive: this.infinities.positive + other.infinities.positive };
    this.numeric = mergeMoments(this.numeric, other.numeric);
    this.numericQuantiles.merge(other.numericQuantiles);
    this.temporal = mergeMoments(this.temporal, other.temporal);
    this.temporalQuantiles.merge(other.temporalQuantiles);
    this.distinct.merge(other.distinct);
  }
}
