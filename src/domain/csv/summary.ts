import { LineStats, type SerializedLineStats } from './quoted-span.js';
import { ColumnAccumulator, Distinct, EXACT_VALUES_BUDGET, ExactBudget, HISTOGRAM_BYTES, Quantiles, type Moments } from './column.js';
import { HistogramBudget, ScaledHistogram, type HistogramParts, type SerializedHistogram } from './histogram.js';
import { HyperLogLog, KllSketch, SpaceSaving } from './sketches.js';
import type { Counted } from './distinct.js';
import { dedupeHeader, formatDate, type Decimal } from './values.js';
import { booleanCounts, distinctCounts, otherDecimalWarning } from './column-counts.js';
import { momentsWithInfinities, quantileWithInfinities, shown, type Infinities } from './infinities.js';
import type { RawRow } from './raw-row.js';

import type { ColumnSummary, ColumnType, Summary } from './summary-schema.js';

export type { ColumnSummary, ColumnType, Summary } from './summary-schema.js';
export { booleanValues, otherDecimalWarning } from './column-counts.js';

export interface Dialect {
  delimiter: string;
  encoding: string;
  decimal: Decimal;
}

/** Streaming, mergeable summary of a table: feed rows, merge partial summarizers, finish. */
export class Summarizer {
  readonly columns: ColumnAccumulator[];
  rows = 0;
  ragged = 0;
  /** Lines read and the quoted field over the most of them (a stray quote warns). */
  readonly lineStats = new LineStats();

  /** Shared by the columns' quantiles (EXACT_VALUES_BUDGET). */
  readonly budget: ExactBudget;

  constructor(
    header: string[],
    readonly dialect: Dialect,
    exactValues = EXACT_VALUES_BUDGET,
    histogramBytes = HISTOGRAM_BYTES,
    /** Bytes of distinct values counted exactly (DISTINCT_BYTES). */
    distinctBytes?: number,
  ) {
    this.budget = new ExactBudget(exactValues, histogramBytes, distinctBytes);
    this.columns = dedupeHeader(header).map((name) => new ColumnAccumulator(name, this.budget));
  }

  /** A row from the byte-level tokenizer: fields are decoded only where a column needs their text. */
  addRaw(row: RawRow): void {
    this.rows += 1;
    const columns = this.columns;
    if (row.count !== columns.length) this.ragged += 1;
    const decimal = this.dialect.decimal;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as ColumnAccumulator;
      if (i >= row.count) column.add(undefined, decimal);
      else column.addRaw(row, i, decimal);
    }
  }

  merge(other: Summarizer): void {
    if (other.columns.length !== this.columns.length) throw new Error('cannot merge summaries of different headers');
    this.rows += other.rows;
    this.ragged += other.ragged;
    this.lineStats.merge(other.lineStats);
    this.columns.forEach((column, index) => column.merge(other.columns[index] as ColumnAccumulator));
  }

  finish(extraWarnings: string[] = []): Summary {
    const warnings = [...extraWarnings];
    const strayQuote = this.lineStats.warning(this.rows);
    if (strayQuote) warnings.push(strayQuote);
    for (const column of this.columns) {
      const warning = otherDecimalWarning(column, this.dialect.decimal);
      if (warning) warnings.push(warning);
    }
    if (this.ragged > 0) warnings.push(`${this.ragged} row${this.ragged === 1 ? '' : 's'} had a different number of fields than the header (${this.columns.length})`);
    return { rows: this.rows, delimiter: this.dialect.delimiter, encoding: this.dialect.encoding, decimal: this.dialect.decimal, columns: this.columns.map(describe), warnings };
  }

  toJSON(): SerializedSummarizer {
    return { header: this.columns.map((column) => column.name), dialect: this.dialect, rows: this.rows, ragged: this.ragged, lineStats: this.lineStats.toJSON(), columns: this.columns.map((column) => serializeColumn(column)) };
  }

  /**
   * The partial for another thread of this process (postMessage): Maps and typed arrays as
   * they are, the histograms' arrays moved with `transfer` (this summarizer is not used after).
   * No JSON of 100 000 values built, written, read and parsed again: fromJSON takes it.
   */
  toTransfer(): { partial: SerializedSummarizer; transfer: ArrayBuffer[] } {
    const transfer: ArrayBuffer[] = [];
    return { partial: { ...this.toJSON(), columns: this.columns.map((column) => serializeColumn(column, transfer)) }, transfer };
  }

  /**
   * This summarizer, as the one the others merge into: the budgets of one built by fromJSON
   * (a range's summarizer keeps fewer values than a merge may), so either gives the same summary.
   */
  asMergeBase(): this {
    this.budget.remaining += EXACT_VALUES_BUDGET - this.budget.initial;
    this.budget.histogram.remaining += HISTOGRAM_BYTES - this.budget.histogramBytes;
    return this;
  }

  static fromJSON(data: SerializedSummarizer): Summarizer {
    const summarizer = new Summarizer(data.header, data.dialect);
    summarizer.rows = data.rows;
    summarizer.ragged = data.ragged;
    summarizer.lineStats.merge(LineStats.fromJSON(data.lineStats));
    data.columns.forEach((column, index) => Object.assign(summarizer.columns[index] as ColumnAccumulator, deserializeColumn(column, summarizer.budget)));
    return summarizer;
  }
}

export function typeOf(column: ColumnAccumulator): ColumnType {
  // No rows at all (a header-only file): pandas' object column (count 0, unique 0); rows all missing: float.
  if (column.present === 0) return column.missing === 0 ? 'string' : 'number';
  if (column.integers === column.present) return 'integer';
  if (column.numbers === column.present) return 'number';
  if (column.booleans === column.present) return 'boolean';
  if (column.dates === column.present) return column.datesWithTime > 0 ? 'datetime' : 'date';
  return 'string';
}

const finite = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : value);

export function describe(column: ColumnAccumulator): ColumnSummary {
  const type = typeOf(column);
  const base = { name: column.name, type, count: column.present, missing: column.missing };
  if (type === 'integer' || type === 'number') {
    const { numeric: m, numericQuantiles: q, infinities } = column;
    if (infinities.negative + infinities.positive > 0) {
      const moments = momentsWithInfinities(m, infinities);
      const quartile = (p: number) => shown(quantileWithInfinities(p, m.n, infinities, q) ?? Number.NaN);
      const { mean, min, max } = moments;
      return { ...base, unique: null, top: null, freq: null, mean: shown(mean), std: null, min: shown(min), p25: quartile(0.25), p50: quartile(0.5), p75: quartile(0.75), max: shown(max), decimals: column.decimals, exact: q.isExact };
    }
    return {
      ...base,
      unique: null,
      top: null,
      freq: null,
      mean: m.n ? m.mean : null,
      std: m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : null,
      min: finite(m.min),
      p25: finite(q.quantile(0.25)),
      p50: finite(q.quantile(0.5)),
      p75: finite(q.quantile(0.75)),
      max: finite(m.max),
      decimals: column.decimals,
      exact: q.isExact,
    };
  }
  const categorical = type === 'boolean' ? booleanCounts(column.distinct) : distinctCounts(column.distinct);
  if (type === 'date' || type === 'datetime') {
    const { temporal: m, temporalQuantiles: q } = column;
    const hasTime = type === 'datetime';
    const zoned = column.datesWithZone > 0;
    const date = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? null : formatDate(Math.round(value), hasTime, zoned));
    return { ...base, ...categorical, mean: date(m.mean), std: null, min: date(m.min), p25: date(q.quantile(0.25)), p50: date(q.quantile(0.5)), p75: date(q.quantile(0.75)), max: date(m.max), exact: q.isExact && column.distinct.isExact, ...(q.isExact && !column.distinct.isExact ? { quartilesExact: true } : {}) };
  }
  return { ...base, ...categorical, mean: null, std: null, min: null, p25: null, p50: null, p75: null, max: null, exact: column.distinct.isExact };
}

/** A partial summary as JSON, for Map iterations to hand to the merge step. */
export interface SerializedSummarizer {
  header: string[];
  dialect: Dialect;
  rows: number;
  ragged: number;
  lineStats?: SerializedLineStats;
  columns: SerializedColumn[];
}

/** As JSON (the work bucket), or as toTransfer gives them (Maps, typed arrays). */
type Counts<K> = [K, number][] | Map<K, number>;

interface SerializedQuantiles {
  histogram?: SerializedHistogram | HistogramParts;
  counts?: Counts<number>;
  exact?: number[] | Float64Array;
  levels?: number[][];
}

interface SerializedColumn {
  counts: [number, number, number, number, number, number, number];
  /** Absent in partials written before it was kept. */
  decimals?: number;
  /** Dates that named their offset (absent when none). */
  zoned?: number;
  /** otherDecimal, laterNumbers and the first value that needed the other mark (absent when none did). */
  otherDecimal?: [number, number, string];
  /** [negative, positive] infinities; absent when none. */
  infinities?: [number, number];
  numeric: Moments;
  numericQuantiles: SerializedQuantiles;
  temporal: Moments;
  temporalQuantiles: SerializedQuantiles;
  /** `values`: in the order first seen (a number stands for its String() while `numeric`). */
  distinct: { values?: Counts<Counted>; numeric?: boolean; hll?: number[]; top?: [string, number][]; topBound?: number; untracked?: number };
}

const momentsOut = (m: Moments): Moments => ({ ...m, min: Number.isFinite(m.min) ? m.min : Infinity, max: Number.isFinite(m.max) ? m.max : -Infinity });
/** As JSON, or (`transfer` given) for toTransfer. */
function quantilesOut(q: Quantiles, transfer?: ArrayBuffer[]): SerializedQuantiles {
  if (q.histogram) return { histogram: transfer ? q.histogram.toParts(transfer) : q.histogram.toJSON() };
  if (q.counts) return { counts: transfer ? q.counts : [...q.counts] };
  if (!q.exact) return { levels: q.sketch?.levels ?? [[]] };
  if (!transfer) return { exact: q.exact.toArray() };
  const exact = q.exact.values();
  transfer.push(exact.buffer as ArrayBuffer);
  return { exact };
}
const quantilesIn = (q: SerializedQuantiles, budget: ExactBudget): Quantiles =>
  q.histogram ? quantilesOfHistogram(q.histogram, budget) : q.counts ? new Quantiles(null, undefined, asMap(q.counts), budget) : q.exact ? new Quantiles(q.exact, undefined, null, budget) : new Quantiles(null, new KllSketch(undefined, q.levels), null, budget);
/** A Map as toTransfer sent it is taken as it is (no copy of 100 000 entries); JSON's pairs make one. */
const asMap = <K>(counts: Counts<K>): Map<K, number> => (counts instanceof Map ? counts : new Map(counts));
// JSON has no Infinity: an empty column's min/max travel as null.
const momentsIn = (m: Moments): Moments => ({ ...m, min: m.min ?? Infinity, max: m.max ?? -Infinity });

/** Quantiles from a partial's histogram; its values counted the next way should it not fit this budget. */
export function quantilesOfHistogram(data: SerializedHistogram | HistogramParts, budget: ExactBudget): Quantiles {
  const quantiles = new Quantiles(undefined, undefined, undefined, budget);
  const of = (into: HistogramBudget) => ('overflow' in data ? ScaledHistogram.fromParts(data, into) : ScaledHistogram.fromJSON(data, into));
  const histogram = of(budget.histogram);
  if (histogram) {
    quantiles.histogram = histogram;
    quantiles.counts = undefined;
    return quantiles;
  }
  const whole = of(new HistogramBudget(Number.MAX_SAFE_INTEGER)) as ScaledHistogram;
  for (const [value, count] of whole.entries()) for (let i = 0; i < count; i++) quantiles.add(value);
  return quantiles;
}

function serializeColumn(column: ColumnAccumulator, transfer?: ArrayBuffer[]): SerializedColumn {
  const d = column.distinct;
  const counts = <K>(map: Map<K, number>): Counts<K> => (transfer ? map : [...map]);
  return {
    counts: [column.missing, column.present, column.integers, column.numbers, column.booleans, column.dates, column.datesWithTime],
    decimals: column.decimals,
    ...(column.datesWithZone > 0 ? { zoned: column.datesWithZone } : {}),
    ...(column.otherDecimal > 0 || column.laterNumbers > 0 ? { otherDecimal: [column.otherDecimal, column.laterNumbers, column.otherExample ?? ''] as [number, number, string] } : {}),
    ...(column.infinities.negative + column.infinities.positive > 0 ? { infinities: [column.infinities.negative, column.infinities.positive] as [number, number] } : {}),
    numeric: momentsOut(column.numeric),
    numericQuantiles: quantilesOut(column.numericQuantiles, transfer),
    temporal: momentsOut(column.temporal),
    temporalQuantiles: quantilesOut(column.temporalQuantiles, transfer),
    distinct: {
      ...(d.values ? { values: counts(d.values) } : d.frozen ? {} : { hll: [...(d.hll?.registers ?? [])], top: [...(d.top?.counts ?? new Map<string, number>())], topBound: d.top?.bound ?? 0 }),
      numeric: d.numeric,
      untracked: d.untracked,
    },
  };
}

function deserializeColumn(data: SerializedColumn, budget: ExactBudget): Partial<ColumnAccumulator> {
  const [missing, present, integers, numbers, booleans, dates, datesWithTime] = data.counts;
  const { values, hll, top: counters, topBound, untracked = 0, numeric = false } = data.distinct;
  let distinct: Distinct;
  if (values) distinct = new Distinct(asMap(values), undefined, undefined, untracked, numeric, budget.distinct);
  else if (!hll) distinct = new Distinct(null, undefined, undefined, untracked, numeric, budget.distinct);
  else distinct = new Distinct(null, new HyperLogLog(hll), SpaceSaving.of(counters ?? [], topBound ?? 0), untracked, numeric, budget.distinct);
  return {
    missing,
    present,
    integers,
    numbers,
    booleans,
    dates,
    datesWithTime,
    decimals: data.decimals ?? 0,
    datesWithZone: data.zoned ?? 0,
    otherDecimal: data.otherDecimal?.[0] ?? 0,
    laterNumbers: data.otherDecimal?.[1] ?? 0,
    otherExample: data.otherDecimal && data.otherDecimal[0] > 0 ? data.otherDecimal[2] : undefined,
    infinities: { negative: data.infinities?.[0] ?? 0, positive: data.infinities?.[1] ?? 0 } satisfies Infinities,
    numeric: momentsIn(data.numeric),
    numericQuantiles: quantilesIn(data.numericQuantiles, budget),
    temporal: momentsIn(data.temporal),
    temporalQuantiles: quantilesIn(data.temporalQuantiles, budget),
    distinct,
  };
}
