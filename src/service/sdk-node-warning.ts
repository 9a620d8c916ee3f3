import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** `>=20.0.0` -> [20, 0, 0]; undefined for any other range form. */
function floorOf(range: string | undefined): number[] | undefined {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range?.trim() ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: string, floor: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < 3; index += 1) {
    const [have, need] = [parts[index] ?? 0, floor[index] ?? 0];
    if (have !== need) return have > need;
  }
  return true;
}

/** The `engines.node` the installed @aws-sdk/core declares, or undefined when it cannot be read. */
export function installedSdkEngines(): string | undefined {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('@aws-sdk/core'));
    while (!existsSync(path.join(dir, 'package.json')) || (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== '@aws-sdk/core') {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
  } catch {
    return undefined;
  }
}

/**
 * Turns off the AWS SDK's NodeVersionSupportWarning for a long-running service, but only
 * when the SDK versions installed here declare support for the running Node (their
 * `engines.node`): the warning announces that SDK versions published after January 2027
 * will need Node 22, which says nothing about the pinned ones. Returns whether it did.
 * Lambda runs nodejs22.x, where the SDK never warns. It writes the process's environment, which
 * is how the SDK is told (test/unit/process-env.test.ts allows it).
 */
export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env, node = process.versions.node, engines = installedSdkEngines()): boolean {
  if (env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED !== undefined) return false;
  const floor = floorOf(engines);
  if (!floor || !atLeast(node, floor)) return false;
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return true;
}
