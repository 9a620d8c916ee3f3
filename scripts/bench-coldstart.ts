// npm run bench:coldstart [-- --package DIR] [-- --runs N]
// For each packaged function: its bundle's size and the median time of N fresh
// Node processes importing it (module init, what a cold start pays before the
// first event), in a folder holding only the unzipped artifact and the AWS SDK
// v3, as the nodejs22.x runtime provides it. Goal: < 150 ms each (docs/performance.md).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { artifactsOf, packageStage, unpack, type Template } from './artifacts.js';

const run = promisify(execFile);
const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 5);
const GOAL_MS = 150;

async function importMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const env = { PATH: process.env.PATH, AWS_REGION: 'us-east-1', STAGE: 'dev', NODE_OPTIONS: '' };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env });
  return Number(stdout);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const given = arg('--package');
  let out: string;
  let template: Template;
  if (given && existsSync(path.join(given, 'cloudformation-template-update-stack.json'))) {
    out = given;
    template = JSON.parse(readFileSync(path.join(given, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  } else {
    process.stderr.write('packaging (npx sls package --stage dev)...\n');
    ({ out, template } = await packageStage('dev'));
  }
  const rows: string[] = [];
  let worst = 0;
  process.stdout.write(`node ${process.version}, ${runs} fresh processes per function, median module init\n\n`);
  process.stdout.write(`| function | zip | unzipped | bundle | init (median) | init (min-max) |\n|---|---|---|---|---|---|\n`);
  for (const artifact of artifactsOf(template, out)) {
    const dir = await unpack(artifact);
    const bundle = statSync(path.join(dir, artifact.handlerFile)).size;
    const { stdout } = await run('python3', ['-c', 'import sys,zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))', artifact.zip]);
    const times: number[] = [];
    for (let index = 0; index < runs; index++) times.push(await importMs(path.join(dir, artifact.handlerFile)));
    const middle = median(times);
    worst = Math.max(worst, middle);
    const row = `| ${artifact.name} | ${kb(statSync(artifact.zip).size)} | ${kb(Number(stdout))} | ${kb(bundle)} | ${middle.toFixed(0)} ms | ${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)} ms |`;
    rows.push(row);
    process.stdout.write(`${row}\n`);
  }
  process.stdout.write(`\nslowest median ${worst.toFixed(0)} ms (goal < ${GOAL_MS} ms): ${worst < GOAL_MS ? 'met' : 'NOT met'}\n`);
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

main().catch((error: unknown) => {
  process.stderr.write(`bench:coldstart: ${(error as Error).message}\n`);
  process.exit(1);
});
