// npm run bench:csv [-- --mb 210 --runs 3 --detail]
// Generates the text-heavy CSV of issue 29 (210 MB, ~3 M rows, 8 columns: sequential ids,
// 2-decimal amounts, small ints, ISO dates, a 9-value category, 2-4 Portuguese words out of
// 88 000 descriptions, booleans, 4-decimal scores) and runs, in the same run, as whole
// processes timed by /usr/bin/time: `fluxo summarize --json FILE` and pandas 3 read_csv +
// describe(include='all'). Prints wall time, peak RSS and their ratios, and compares every
// statistic pandas reports. pandas comes from a venv: PANDAS_PYTHON, or an existing
// ../venv-pandas beside the repository or PANDAS_VENV, or one this script creates
// (python3 -m venv DIR && DIR/bin/pip install pandas, from pip's configured index).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTextHeavy } from './bench-data.js';

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const mb = Number(arg('--mb')) || 210;
const runs = Number(arg('--runs')) || 1;
const detail = process.argv.includes('--detail');
const dir = path.join(tmpdir(), 'fluxo-bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `text-heavy-${mb}mb.csv`);

/** pandas' describe(include='all') as {column: {statistic: value}}, floats at full precision (to_json rounds to 10 digits). */
const PANDAS = `
import json, math, sys
import pandas as pd
d = pd.read_csv(sys.argv[1]).describe(include='all')
def plain(v):
    if isinstance(v, bool) or v is None: return v
    if hasattr(v, 'item'): v = v.item()
    if isinstance(v, float) and math.isnan(v): return None
    return v if isinstance(v, (int, float, bool)) else str(v)
print(json.dumps({"version": pd.__version__, "describe": {str(c): {str(s): plain(d[c][s]) for s in d.index} for c in d.columns}}))
`;

/** The python that has pandas, creating a venv when there is none; says which and how. */
function pandasPython(): string {
  if (process.env.PANDAS_PYTHON) return process.env.PANDAS_PYTHON;
  const venvs = [process.env.PANDAS_VENV, path.resolve('..', 'venv-pandas'), path.join(dir, 'venv-pandas')].filter((venv): venv is string => !!venv);
  for (const venv of venvs) {
    const python = path.join(venv, 'bin', 'python');
    if (existsSync(python) && spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0) return python;
  }
  const venv = process.env.PANDAS_VENV ?? path.join(dir, 'venv-pandas');
  console.log(`pandas: no venv with pandas found (${venvs.join(', ')}); creating one: python3 -m venv ${venv} && ${venv}/bin/pip install pandas`);
  if (spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) throw new Error(`python3 -m venv ${venv} failed`);
  if (spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', 'pandas'], { stdio: 'inherit' }).status !== 0) throw new Error(`${venv}/bin/pip install pandas failed (pip config list shows the index it uses)`);
  return path.join(venv, 'bin', 'python');
}

/**
 * A whole process as a user runs it, timed by /usr/bin/time: wall seconds, CPU seconds (user +
 * system: on a busy shared machine the steadier figure), peak RSS, and what it printed.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; cpu: number; rss_mb: number; stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', command, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
  const [, seconds = '0', kb = '0', user = '0', system = '0'] = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr) ?? [];
  return { seconds: Number(seconds), cpu: Number(user) + Number(system), rss_mb: Number(kb) / 1024, stdout: result.stdout };
}

type Column = Record<string, unknown> & { name: string; type: string };
interface Run {
  seconds: number;
  cpu: number;
  rss_mb: number;
  columns: Column[];
}

/** fluxo as the user types it: `fluxo summarize --json FILE`, the whole process (start-up included). */
function fluxo(workers?: string, extra: string[] = []): Run {
  const run = timed(process.execPath, ['bin/fluxo.js', 'summarize', '--json', ...extra, file], { ...process.env, NODE_OPTIONS: '', ...(workers ? { FLUXO_CSV_WORKERS: workers } : {}) });
  return { ...run, columns: (JSON.parse(run.stdout) as { columns: Column[] }).columns };
}

const STATISTICS: [string, string][] = [['count', 'count'], ['unique', 'unique'], ['top', 'top'], ['freq', 'freq'], ['mean', 'mean'], ['std', 'std'], ['min', 'min'], ['p25', '25%'], ['p50', '50%'], ['p75', '75%'], ['max', 'max']];

/**
 * Every statistic pandas reports, numbers to 9 significant digits; pandas reads ISO dates
 * as text, so a date column's mean/min/quartiles/max (which pandas does not give) are not
 * compared; a boolean's top is True/False in both (JSON: true/false).
 */
function compare(columns: Column[], describe: Record<string, Record<string, unknown>>): { compared: number; differences: string[] } {
  let compared = 0;
  const differences: string[] = [];
  for (const [name, reference] of Object.entries(describe)) {
    const column = columns.find((candidate) => candidate.name === name);
    for (const [ours, theirs] of STATISTICS) {
      const expected = reference[theirs];
      if (expected === null || expected === undefined) continue;
      compared += 1;
      const actual = column?.[ours];
      const same =
        typeof expected === 'number' && typeof actual === 'number'
          ? Number(actual.toPrecision(9)) === Number(expected.toPrecision(9))
          : String(actual).toLowerCase() === String(expected).toLowerCase() || (ours === 'top' && column?.freq === reference.freq);
      if (!same) differences.push(`${name}.${ours}: fluxo ${String(actual)}, pandas ${String(expected)}`);
    }
  }
  return { compared, differences };
}

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const row = (cells: string[]) => console.log(cells.map((cell, index) => (index === 0 ? cell.padEnd(30) : cell.padStart(15))).join(''));

await generateTextHeavy(file, mb);
const size = statSync(file).size / 1024 / 1024;
const python = pandasPython();
console.log(`file: ${file} (${fmt(size, 0)} MB, the text-heavy shape of issue 29)`);
console.log(`fluxo: node bin/fluxo.js summarize --json FILE; pandas: ${python} read_csv + describe(include='all'); whole processes, /usr/bin/time`);
for (let run = 1; run <= runs; run++) {
  // Alternated, so a noisy neighbour slows both about alike.
  const ours = fluxo();
  const pandasRun = timed(python, ['-c', PANDAS, file]);
  const pandas = JSON.parse(pandasRun.stdout) as { version: string; describe: Record<string, Record<string, unknown>> };
  const exact = ours.columns.filter((column) => column.quantiles === 'exact').length;
  const quartiled = ours.columns.filter((column) => column.quantiles !== undefined).length;
  const { compared, differences } = compare(ours.columns, pandas.describe);
  const speed = pandasRun.seconds / ours.seconds;
  const memory = ours.rss_mb / pandasRun.rss_mb;
  console.log(`\nrun ${run} of ${runs}`);
  row(['', 'fluxo', `pandas ${pandas.version}`]);
  row(['wall time (s)', fmt(ours.seconds), fmt(pandasRun.seconds)]);
  row(['  speed vs pandas', `${fmt(speed)}x`, '1x']);
  row(['CPU time, user + system (s)', fmt(ours.cpu), fmt(pandasRun.cpu)]);
  row(['peak RSS (MB)', fmt(ours.rss_mb, 0), fmt(pandasRun.rss_mb, 0)]);
  row(['  RSS vs pandas', `${fmt(memory)}x`, '1x']);
  row(['throughput (MB/s)', fmt(size / ours.seconds, 1), fmt(size / pandasRun.seconds, 1)]);
  row(['exact quartiles', `${exact}/${quartiled} cols`, 'all']);
  if (detail) {
    const single = fluxo('1');
    const onePass = fluxo(undefined, ['--quantiles', 'approximate']);
    row(['  one thread (s, MB)', `${fmt(single.seconds)}, ${fmt(single.rss_mb, 0)}`, '']);
    row(['  one pass, sketched (s, MB)', `${fmt(onePass.seconds)}, ${fmt(onePass.rss_mb, 0)}`, '']);
  }
  console.log(`statistics compared: ${compared}, different: ${differences.length}${differences.length ? `\n  ${differences.join('\n  ')}` : ''}`);
  console.log(`goal (issue 29): >= 2x pandas' speed with exact quartiles: ${speed >= 2 && exact === quartiled ? 'met' : 'not met'} (${fmt(speed)}x); peak RSS <= 0.2x pandas: ${memory <= 0.2 ? 'met' : 'not met'} (${fmt(memory)}x)`);
}
