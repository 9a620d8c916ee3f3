// The Lambda artifacts as `sls package` writes them, opened as the Lambda runtime
// opens them: one folder per function, where only `@aws-sdk/*` resolves besides
// what the zip holds. Used by the packaged-artifact tests and `npm run bench:coldstart`.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Template {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; DeletionPolicy?: string; Properties: Record<string, unknown> }>;
}

export interface Artifact {
  /** The function's name without the service and stage (`csv_inspect`). */
  name: string;
  zip: string;
  /** The handler file inside the zip (`src/handlers/csv_inspect.mjs`) and its exported function. */
  handlerFile: string;
  handlerExport: string;
}

/** Runs `sls package` offline (no credentials, no network) into `out` and returns the template; `params` as `--param key=value`. */
export async function packageStage(stage: string, out = mkdtempSync(path.join(tmpdir(), `fluxo-sls-${stage}-`)), params: Record<string, string> = {}, cwd = process.cwd()): Promise<{ out: string; template: Template }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'fluxo-none', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  const extra = Object.entries(params).map(([key, value]) => `--param=${key}=${value}`);
  await run('npx', ['sls', 'package', '--stage', stage, '--package', out, ...extra], { cwd, env, timeout: 240_000 });
  return { out, template: JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template };
}

/** Every function of the template with its own zip (`package.individually`). */
export function artifactsOf(template: Template, out: string, service = 'fluxo'): Artifact[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function' && typeof resource.Properties.Handler === 'string' && String(resource.Properties.FunctionName ?? '').startsWith(`${service}-`))
    .map((resource) => {
      const handler = String(resource.Properties.Handler);
      const dot = handler.lastIndexOf('.');
      const key = (resource.Properties.Code as { S3Key: string }).S3Key;
      return {
        name: String(resource.Properties.FunctionName).replace(/^[^-]+-[^-]+-/, ''),
        zip: path.join(out, path.basename(key)),
        handlerFile: `${handler.slice(0, dot)}.mjs`,
        handlerExport: handler.slice(dot + 1),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Unzips an artifact into an empty folder and links `node_modules/@aws-sdk` in, as the nodejs22.x runtime provides it. */
export async function unpack(artifact: Artifact, into = mkdtempSync(path.join(tmpdir(), `fluxo-${artifact.name}-`))): Promise<string> {
  await run('python3', ['-m', 'zipfile', '-e', artifact.zip, into]);
  mkdirSync(path.join(into, 'node_modules'), { recursive: true });
  symlinkSync(path.resolve('node_modules/@aws-sdk'), path.join(into, 'node_modules/@aws-sdk'));
  return into;
}

/** Sizes inside a zip: every entry's uncompressed bytes. */
export async function zipEntries(zip: string): Promise<{ name: string; size: number }[]> {
  const script = 'import json,sys,zipfile; print(json.dumps([[i.filename, i.file_size] for i in zipfile.ZipFile(sys.argv[1]).infolist()]))';
  const { stdout } = await run('python3', ['-c', script, zip]);
  return (JSON.parse(stdout) as [string, number][]).map(([name, size]) => ({ name, size }));
}
