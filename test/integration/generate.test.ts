import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateFunction } from '../../src/cli/generate/generate.js';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/io.js';

const run = promisify(execFile);
const root = process.cwd();

/** A throwaway copy of the project (node_modules linked) to generate into. */
function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-gen-'));
  for (const entry of ['src', 'test', 'scripts', 'types', 'migrations', 'statemachines', 'serverless.yml', 'tsconfig.json', 'eslint.config.js', 'jest.config.js', 'package.json']) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

describe('fluxo generate function', () => {
  it.each(['sqs', 'http', 'task', 'scheduled'])('scaffolds a %s function that passes lint, typecheck and its own test', async (kind) => {
    const dir = copyProject();
    const files = await generateFunction(dir, 'sample_thing', kind);
    expect(files).toContain('src/handlers/sample_thing.ts');
    expect(readFileSync(path.join(dir, 'serverless.yml'), 'utf8')).toContain('handler: src/handlers/sample_thing.main');
    expect(readFileSync(path.join(dir, 'src/handlers/manifest.ts'), 'utf8')).toContain(`sample_thing: fn({ kind: '${kind}', ports: [${kind === 'sqs' ? "'db'" : ''}], load: () => import('./sample_thing.js') }),`);
    const generated = files.filter((file) => file.endsWith('.ts')).map((file) => path.join(dir, file));
    await run(path.join(root, 'node_modules/.bin/eslint'), ['--no-warn-ignored', ...generated], { cwd: dir });
    await run(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', dir], { cwd: dir });
    const { stdout, stderr } = await run(
      process.execPath,
      ['--experimental-vm-modules', '--no-warnings', path.join(root, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'unit', '--rootDir', dir, 'test/unit/sample/thing.test.ts'],
      { cwd: dir, env: { ...process.env } },
    );
    expect(`${stdout}${stderr}`).toMatch(/Tests:\s+2 passed, 2 total/);
  }, 180_000);

  it('refuses a name that is not <flow>_<what> with exit code 2 and one line', async () => {
    const io = captureIo();
    expect(await runCli(['generate', 'function', 'SampleThing', '--kind', 'sqs', '--root', copyProject()], { io })).toBe(2);
    expect(io.stderr).toEqual(['fluxo: invalid function name SampleThing: use snake_case <flow>_<what>, e.g. billing_import']);
  });
});
