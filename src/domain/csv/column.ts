import { isMissing, parseBoolean, parseDate, parseNumber, type Decimal } from './values.js';
import type { RawRow } from './tokenizer.js';
import { ByteDictionary } from './dictionary.js';
import { addMoment, emptyMoments, mergeMoments } from './moments.js';
import { ExactBudget, Quantiles } from './quantiles.js';
import { Distinct } from './distinct.js';

export { mergeMoments, type Moments } from './moments.js';
export { EXACT_VALUES_BUDGET, ExactBudget, QUANTILE_COUNTS_BUDGET, Quantiles, RANGE_EXACT_VALUES_BUDGET, ValueBuffer } from './quantiles.js';
export { Distinct, EXACT_BUDGET, NUMERIC_DISTINCT_BUDGET } from './distinct.js';


/** Different values a column's dictionary holds before the column decodes every field. */
export const DICTIONARY_LIMIT = 4096;

/** What a value is, parsed once per distinct value. */
interface Classified {
  missing: boolean;
  number: { value: number; integer: boolean } | undefined;
  boolean: boolean;
  date: { epoch: number; hasTime: boolean } | undefined;
}

function classify(text: string, decimal: Decimal): Classified {
  const missing = isMissing(text);
  return { missing, number: missing ? undefined : parseNumber(text, decimal), boolean: !missing && parseBoolean(text) !== undefined, date: missing ? undefined : parseDate(text) };
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
  numeric = emptyMoments();
  numericQuantiles: Quantiles;
  temporal = emptyMoments();
  temporalQuantiles: Quantiles;
  distinct = new Distinct();
  /** Values seen before, by their bytes (only while the column has few different values). */
  private dictionary: ByteDictionary<Classified> | undefined = new ByteDictionary(DICTIONARY_LIMIT);

  constructor(
    readonly name: string,
    budget: ExactBudget = new ExactBudget(),
  ) {
    this.numericQuantiles = new Quantiles(undefined, undefined, undefined, budget);
    this.temporalQuantiles = new Quantiles(undefined, undefined, undefined, budget);
  }

  add(field: string | undefined, decimal: Decimal): void {
    if (field === undefined || isMissing(field)) {
      this.missing += 1;
      return;
    }
    this.addPresent(field, decimal, undefined);
  }

  /** A present value; `known` is what the dictionary remembers of it (parsed once per distinct value). */
  private addPresent(field: string, decimal: Decimal, known: Classified | undefined): void {
    // Once one value is not a number (boolean, date), the column cannot be numeric (...):
    // skip those parsers. Counts stay below `present`, so merged chunks decide the same type.
    const couldBeNumber = this.numbers === this.present;
    const couldBeBoolean = this.booleans === this.present;
    const couldBeDate = this.dates === this.present;
    this.present += 1;
    const number = couldBeNumber ? (known ? known.number : parseNumber(field, decimal)) : undefined;
    if (!number) this.distinct.add(field);
    else if (String(number.value) === field) this.distinct.addNumber(number.value);
    else this.distinct.addSpelled(field);
    if (number) {
      this.numbers += 1;
      if (number.integer) this.integers += 1;
      addMoment(this.numeric, number.value);
      this.numericQuantiles.add(number.value);
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
      addMoment(this.temporal, date.epoch);
      this.temporalQuantiles.add(date.epoch);
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
        if (row.canonical) this.distinct.addNumber(value);
        else this.distinct.addSpelled(row.text(index));
        addMoment(this.numeric, value);
        this.numericQuantiles.add(value);
        return;
      }
    }
    const dictionary = this.dictionary;
    if (dictionary && row.decoded[index] === undefined) {
      const entry = dictionary.lookup(row.bytes, row.starts[index] as number, row.ends[index] as number, () => row.text(index), (text) => classify(text, decimal));
      if (entry) {
        if (entry.info.missing) this.missing += 1;
        else this.addPresent(entry.text, decimal, entry.info);
        return;
      }
      // More different values than a dictionary is worth: decode every field from now on.
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
    this.numeric = mergeMoments(this.numeric, other.numeric);
    this.numericQuantiles.merge(other.numericQuantiles);
    this.temporal = mergeMoments(this.temporal, other.temporal);
    this.temporalQuantiles.merge(other.temporalQuantiles);
    this.distinct.merge(other.distinct);
  }
}
