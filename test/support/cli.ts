import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
export const FLUXO_BIN = path.resolve('bin/fluxo.js');

/** Runs `fluxo <args>` as a user would; resolves with the exit code and output. */
export async function fluxo(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [FLUXO_BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export interface RunningDev {
  /** http://localhost:PORT */
  url: string;
  /** The one-time sign-in link it printed (a browser's first page). */
  login: string;
  /** `Authorization: Bearer <token of dev.json>`, what the CLI sends. */
  auth: { authorization: string };
  /** GET or POST to the dev server with the bearer token. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  child: ChildProcess;
  output(): string;
  stop: () => Promise<void>;
}

/** Starts `fluxo dev --port 0` and resolves once it listens. */
export async function startDev(env: Record<string, string | undefined>): Promise<RunningDev> {
  const child = spawn(process.execPath, [FLUXO_BIN, 'dev', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const login = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fluxo dev did not start in 60s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /console at (http:\/\/localhost:\d+)(\/login\?token=\w+)/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve(`${match[1]}${match[2]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fluxo dev exited with ${code}:\n${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url = new URL(login).origin.replace('127.0.0.1', 'localhost');
  const token = (JSON.parse(readFileSync(path.join(env.FLUXO_HOME ?? '.fluxo', 'dev.json'), 'utf8')) as { token: string }).token;
  const auth = { authorization: `Bearer ${token}` };
  const api = (pathname: string, init: RequestInit = {}) => fetch(`${url}${pathname}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  return { url, login, auth, api, child, output: () => output, stop };
}
