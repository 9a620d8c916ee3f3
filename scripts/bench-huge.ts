// npm run bench:huge [-- --mb 1024 --keep]
// The huge path (Distributed Map) on the local stack, as a user runs it: generates the
// text-heavy CSV of issue 29 (scripts/bench-data.ts) and runs `fluxo upload` of it with
// CSV_HUGE_BYTES lowered (128 MB chunks, CSV_HUGE_CHUNK_BYTES' default), as whole processes
// timed by /usr/bin/time: once with the second Distributed Map for exact quartiles (the
// default) and once without (CSV_HUGE_EXACT_QUARTILES_MAX_BYTES=0). Each run gets a new
// FLUXO_HOME whose PGlite was opened beforehand: opening a PGlite folder the first time
// peaks near 1 GB by itself (docs/performance.md). Prints wall, CPU, peak RSS and the id
// column's quartiles against pandas' rule; removes what it wrote unless --keep.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTextHeavy } from './bench-data.js';

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const mb = Number(arg('--mb')) || 1024;
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-bench-huge-'));
const file = path.join(root, `text-heavy-${mb}mb.csv`);
const fluxo = path.resolve('bin/fluxo.js');

function run(home: string, args: string[], env: Record<string, string> = {}): { seconds: number; cpu: number; rssMb: number; stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', process.execPath, fluxo, ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '', FLUXO_HOME: home, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`fluxo ${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
  const [, seconds = '0', kb = '0', user = '0', system = '0'] = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr) ?? [];
  return { seconds: Number(seconds), cpu: Number(user) + Number(system), rssMb: Number(kb) / 1024, stdout: result.stdout };
}

try {
  await generateTextHeavy(file, mb);
  const opened = path.join(root, 'home-opened');
  mkdirSync(opened);
  const first = run(opened, ['summaries', 'list']);
  console.log(`PGlite opened the first time: ${first.seconds.toFixed(1)} s, peak RSS ${first.rssMb.toFixed(0)} MB`);
  for (const [label, env] of [['exact quartiles (second Distributed Map)', {}], ['one pass (sketched quartiles)', { CSV_HUGE_EXACT_QUARTILES_MAX_BYTES: '0' }]] as const) {
    const home = path.join(root, `home-${label.split(' ')[0]}`);
    cpSync(opened, home, { recursive: true });
    const upload = run(home, ['upload', path.basename(file)], { CSV_HUGE_BYTES: String(100 * 1000 * 1000), ...env });
    const { id, rows } = JSON.parse(upload.stdout) as { id: number; rows: number };
    const shown = JSON.parse(run(home, ['summaries', 'show', String(id), '--json']).stdout) as { summary: { columns: { name: string; p25: number; p50: number; p75: number }[] } };
    const ids = shown.summary.columns.find((column) => column.name === 'id');
    // Ids are 1..rows: pandas' linear interpolation at q is 1 + (rows - 1) q.
    const pandas = [0.25, 0.5, 0.75].map((q) => 1 + (rows - 1) * q);
    console.log(`${label}: ${upload.seconds.toFixed(1)} s wall, ${upload.cpu.toFixed(1)} s CPU, peak RSS ${upload.rssMb.toFixed(0)} MB; id quartiles ${[ids?.p25, ids?.p50, ids?.p75].join(' / ')} (pandas ${pandas.join(' / ')})`);
    rmSync(home, { recursive: true, force: true });
  }
} finally {
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
