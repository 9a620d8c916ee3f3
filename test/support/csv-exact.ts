import { seeded } from './random.js';

/**
 * Files whose unique/top/freq pandas 3.0.6 counts as strings as written (object columns),
 * where a streaming summary is tempted to count otherwise. The expected numbers in the tests
 * were computed by pandas 3.0.6 `read_csv(...).describe(include='all')` on these very bytes
 * (regenerate: `npx tsx test/support/csv-exact.ts DIR`, then scripts/pandas-describe.py).
 */

/** An amount as people write it: `1.50` and `1.5` are different strings, `7` and `7.00` too. */
function amount(random: () => number): string {
  const cents = Math.floor(random() * 3_000_000);
  const spelling = random();
  const value = cents / 100;
  if (spelling < 0.6) return value.toFixed(2);
  if (spelling < 0.9) return String(value);
  return spelling < 0.95 ? `${value}`.padStart(9, '0') : value.toFixed(3);
}

/**
 * `rows` amounts (`amount`, 2 decimals and other spellings), with `n.d.` in the rows of
 * [textFrom, textTo) (every 50th row there): the column is numeric but for those.
 */
export function amountsWithText(seed: number, rows: number, textFrom: number, textTo: number): string {
  const random = seeded(seed);
  const lines = ['amount,qty'];
  for (let row = 0; row < rows; row++) {
    const text = row >= textFrom && row < textTo && (row - textFrom) % 50 === 0;
    lines.push(`${text ? 'n.d.' : amount(random)},${row % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A numeric column that turns to text in its last rows: 30 000 amounts, then `n.d.`. */
export const lateText = (): string => amountsWithText(29, 30_000, 29_990, 30_000);

/** The same, turning to text only in the seventh ninth of the file (chunk 7 of 9). */
export const seventhNinthText = (): string => amountsWithText(31, 27_000, 18_000, 21_000);

/**
 * Ties everywhere: each column's values tie for the most frequent, first seen in different
 * spellings (plain numbers, trailing zeros, exponents, signs, text, booleans and missing markers).
 */
export function tiesFile(seed: number, rows = 2016): string {
  const random = seeded(seed);
  const pools = [
    ['2', '1.50', '1.5', '2.0', '02', '+2', '1e1', '10', 'x'],
    ['1.50', '2', '1.5', 'n.d.', '', 'NA', '3'],
    ['True', 'true', 'TRUE', 'False', 'x', '1'],
    ['b', 'a', '"a"', 'A', ' a', 'NULL', 'nan', '-'],
    ['007', '7', '7.0', '7.00', '-7', '-0', '0', 'inf'],
  ];
  const lines = ['n1,n2,bools,text,zeros'];
  for (let row = 0; row < rows; row++) {
    // 2016 rows: each value of a pool appears the same number of times, so every count ties.
    lines.push(pools.map((pool) => pool[row % pool.length] as string).join(','));
  }
  // Shuffle the data rows so first appearances vary by seed, keeping the counts tied.
  const body = lines.slice(1);
  for (let i = body.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [body[i], body[j]] = [body[j] as string, body[i] as string];
  }
  return `${[lines[0], ...body].join('\n')}\n`;
}

/**
 * Numbers with infinities in every spelling pandas reads as one (`inf`, `-Infinity`, `+INF`,
 * `1e400`), and a column where `inf ` (with a space) is text; `pos` has positive ones only.
 */
export function infinitiesFile(seed: number, rows = 6000): string {
  const random = seeded(seed);
  const infinite = ['inf', '-inf', '+inf', 'Infinity', '-Infinity', 'INF', '1e400', '-1E400', 'iNf'];
  const lines = ['both,pos,spaced'];
  for (let row = 0; row < rows; row++) {
    const value = (Math.floor(random() * 200_000) / 100).toFixed(2);
    const both = random() < 0.01 ? (infinite[Math.floor(random() * infinite.length)] as string) : value;
    const pos = row % 1000 === 999 ? 'inf' : String(row % 37);
    lines.push(`${both},${pos},${row === 4000 ? 'inf ' : value}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('csv-exact.ts')) {
  const { writeFileSync } = await import('node:fs');
  const dir = process.argv[2] ?? '.';
  writeFileSync(`${dir}/late.csv`, lateText());
  writeFileSync(`${dir}/seventh.csv`, seventhNinthText());
  for (const seed of [1, 2, 3]) writeFileSync(`${dir}/ties-${seed}.csv`, tiesFile(seed));
  writeFileSync(`${dir}/infinities.csv`, infinitiesFile(5));
}
