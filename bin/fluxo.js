#!/usr/bin/env node
// The fluxo CLI. Runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Long-running commands (dev, consume) end themselves; everything else may leave idle sockets.
if (!['dev', 'consume'].includes(process.argv[2] ?? '')) setTimeout(() => process.exit(code), 50).unref();
