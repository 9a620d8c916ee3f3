#!/usr/bin/env node
// The fluxo CLI. Runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
// `fluxo ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Long-running commands (dev, consume) end themselves; everything else may leave idle sockets.
if (!['dev', 'consume'].includes(process.argv[2] ?? '')) setTimeout(() => process.exit(code), 50).unref();
