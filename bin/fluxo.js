#!/usr/bin/env node
// The fluxo CLI. Runs the compiled sources in lib/ (built by `npm install`, and again here
// when a file under src/ is newer), or the TypeScript sources through tsx when esbuild is
// not installed.
import { readFileSync } from 'node:fs';
import { buildCli, stale } from '../scripts/build-cli.mjs';

// The Node that package.json's engines names (">=20.19"): older ones fail later in obscure ways.
const floor = /^>=\s*(\d+)\.(\d+)/.exec(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '');
const [major, minor] = process.versions.node.split('.').map(Number);
if (floor && (major < Number(floor[1]) || (major === Number(floor[1]) && minor < Number(floor[2])))) {
  process.stderr.write(`fluxo: needs Node ${floor[1]}.${floor[2]} or later; this is Node ${process.versions.node}\n`);
  process.exit(1);
}

// `fluxo ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function loadCli() {
  if (stale()) {
    try {
      await buildCli();
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      const { register } = await import('tsx/esm/api');
      register();
      return import('../src/cli/main.ts');
    }
  }
  return import('../lib/cli/main.js');
}

const { runCli } = await loadCli();
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Idle sockets (database pools, keep-alive agents) must not hold the process once the command is done;
// dev and consume return only when they have drained.
setTimeout(() => process.exit(code), 50).unref();
