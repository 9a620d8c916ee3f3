// npm run bench:csv [-- --mb 200]
// Generates a mixed CSV (integers, floats, ISO dates, text, booleans, ~5% missing) and
// prints, side by side, fluxo's throughput and peak RSS against pandas read_csv +
// describe(include='all') (when /usr/bin/python3 has pandas), and compares the statistics.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateMixed } from './bench-data.js';

const mb = Number(process.argv[process.argv.indexOf('--mb') + 1]) || 200;
const dir = path.join(tmpdir(), 'fluxo-bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `mixed-${mb}mb.csv`);

const generate = () => generateMixed(file, mb);

const PANDAS = `
import json, sys
import pandas as pd
d = pd.read_csv(sys.argv[1]).describe(include='all')
print(json.dumps({"mean_amount": float(d["amount"]["mean"]), "std_amount": float(d["amount"]["std"]), "p50_amount": float(d["amount"]["50%"]), "unique_city": int(d["city"]["unique"]), "describe": json.loads(d.to_json())}))
`;

/** A whole process as a user runs it, timed by /usr/bin/time: wall seconds, peak RSS, and what it printed. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; rss_mb: number; stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
  const [, seconds = '0', kb = '0'] = /TIME ([\d.]+) (\d+)/.exec(result.stderr) ?? [];
  return { seconds: Number(seconds), rss_mb: Number(kb) / 1024, stdout: result.stdout };
}

interface Measured {
  seconds: number;
  rss_mb: number;
  mean_amount?: number;
  std_amount?: number;
  p50_amount?: number;
  unique_city?: number;
}

/** fluxo as the user types it: `fluxo summarize --json FILE`, the whole process (start-up included). */
function cli(workers?: string, extra: string[] = []): Measured & { columns: Record<string, unknown>[] } {
  const run = timed(process.execPath, ['bin/fluxo.js', 'summarize', '--json', ...extra, file], { ...process.env, NODE_OPTIONS: '', ...(workers ? { FLUXO_CSV_WORKERS: workers } : {}) });
  const summary = JSON.parse(run.stdout) as { columns: Record<string, unknown>[] };
  const column = (name: string) => summary.columns.find((c) => c.name === name) ?? {};
  return { ...run, mean_amount: column('amount').mean as number, std_amount: column('amount').std as number, p50_amount: column('amount').p50 as number, unique_city: column('city').unique as number, columns: summary.columns };
}

const fmt = (value: number | undefined, digits = 1) => (value === undefined ? 'n/a' : value.toFixed(digits));

await generate();
const size = statSync(file).size / 1024 / 1024;
const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 1;
for (let run = 1; run <= runs; run++) report(run);

function report(run: number): void {
const fluxo = cli();
const single = cli('1');
const onePass = cli(undefined, ['--quantiles', 'approximate']);
const exactColumns = fluxo.columns.filter((column) => column.quantiles === 'exact').length;
const quartileColumns = fluxo.columns.filter((column) => column.quantiles !== undefined).length;
const pandasRun = hasPandas ? timed('/usr/bin/python3', ['-c', PANDAS, file]) : undefined;
const pandas = pandasRun ? { ...pandasRun, ...(JSON.parse(pandasRun.stdout.trim()) as { mean_amount: number; std_amount: number; p50_amount: number; unique_city: number; describe: unknown }) } : undefined;
if (runs > 1) console.log(`\nrun ${run} of ${runs}`);

const rows: [string, string, string][] = [
  ['file', `${size.toFixed(0)} MB`, ''],
  ['wall time (s)', fmt(fluxo.seconds, 2), fmt(pandas?.seconds, 2)],
  ['  speed vs pandas', pandas ? `${fmt(pandas.seconds / fluxo.seconds, 2)}x` : 'n/a', '1x'],
  ['  one thread (s)', fmt(single.seconds, 2), ''],
  ['  one pass (s)', fmt(onePass.seconds, 2), ''],
  ['exact quartiles', `${exactColumns}/${quartileColumns} cols`, 'all'],
  ['throughput (MB/s)', fmt(size / fluxo.seconds), pandas ? fmt(size / pandas.seconds) : 'n/a'],
  ['peak RSS (MB)', fmt(fluxo.rss_mb, 0), fmt(pandas?.rss_mb, 0)],
  ['  RSS vs pandas', pandas ? `${fmt(fluxo.rss_mb / pandas.rss_mb, 2)}x` : 'n/a', '1x'],
  ['  one thread (MB)', fmt(single.rss_mb, 0), ''],
  ['amount: mean', fmt(fluxo.mean_amount, 6), fmt(pandas?.mean_amount, 6)],
  ['amount: std', fmt(fluxo.std_amount, 6), fmt(pandas?.std_amount, 6)],
  ['amount: 50%', fmt(fluxo.p50_amount, 4), fmt(pandas?.p50_amount, 4)],
  ['city: unique', String(fluxo.unique_city), String(pandas?.unique_city ?? 'n/a')],
];
console.log(`fluxo: node bin/fluxo.js summarize --json, whole process; pandas: python3 read_csv + describe(include='all'), whole process`);
console.log(`${'metric'.padEnd(20)}${'fluxo'.padStart(14)}${'pandas'.padStart(14)}`);
for (const [name, a, b] of rows) console.log(`${name.padEnd(20)}${a.padStart(14)}${b.padStart(14)}`);
if (!hasPandas) console.log('pandas not found: apt-get install -y python3-pandas');

// Every statistic of every column against pandas: numbers to 9 significant digits (quartiles
// included: the second pass makes them exact); top may differ on a tie.
if (pandas) {
  const STATS: [string, string][] = [['count', 'count'], ['unique', 'unique'], ['freq', 'freq'], ['top', 'top'], ['mean', 'mean'], ['std', 'std'], ['min', 'min'], ['p25', '25%'], ['p50', '50%'], ['p75', '75%'], ['max', 'max']];
  const describe = pandas.describe as Record<string, Record<string, number | string | null>>;
  let compared = 0;
  const differences: string[] = [];
  for (const column of fluxo.columns as Record<string, unknown>[]) {
    const reference = describe[String(column.name)] ?? {};
    for (const [ours, theirs] of STATS) {
      const expected = reference[theirs] ?? null;
      if (expected === null) continue;
      // pandas reads dates as text: compare their unique/top/freq/count only.
      if (column.type === 'date' && !['count', 'unique', 'top', 'freq'].includes(ours)) continue;
      compared += 1;
      const actual = column[ours] as number | string | null;
      const same =
        typeof expected === 'number' && typeof actual === 'number'
          ? Number(actual.toPrecision(9)) === Number(expected.toPrecision(9))
          : String(actual) === String(expected) || (ours === 'top' && column.freq === reference.freq);
      if (!same) differences.push(`${String(column.name)}.${ours}: fluxo ${String(actual)}, pandas ${String(expected)}`);
    }
  }
  console.log(`statistics compared: ${compared}, different: ${differences.length}${differences.length ? `\n  ${differences.join('\n  ')}` : ''}`);
}
}
