import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installedSdkEngines, quietSdkNodeWarning } from '../../../src/service/sdk-node-warning.js';

describe('the Node fluxo runs on', () => {
  it('turns off the AWS SDK Node-version warning only when the installed SDK declares support for the running Node', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(quietSdkNodeWarning(env, '20.20.2', '>=20.0.0')).toBe(true);
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    for (const [node, engines] of [['18.20.4', '>=20.0.0'], ['20.20.2', '>=22'], ['20.20.2', '^20 || >=22'], ['20.20.2', '']] as const) {
      const other: NodeJS.ProcessEnv = {};
      expect(quietSdkNodeWarning(other, node, engines)).toBe(false);
      expect(other).toEqual({});
    }
    const chosen: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
    expect(quietSdkNodeWarning(chosen, '22.1.0', '>=20.0.0')).toBe(false);
    expect(chosen.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('false');
  });

  it('reads the engines of the SDK actually installed, which accepts the Node the README names', () => {
    const engines = installedSdkEngines();
    expect(engines).toMatch(/^>=\s*\d+/);
    const readme = /Node (\d+)\.(\d+)\+/.exec(readFileSync('README.md', 'utf8'));
    expect(readme).not.toBeNull();
    expect(quietSdkNodeWarning({}, `${readme?.[1]}.${readme?.[2]}.0`, engines)).toBe(true);
  });

  it('names the Node it needs in one line, exit 1, when started on an older one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fluxo-node-'));
    try {
      cpSync('bin', path.join(root, 'bin'), { recursive: true });
      cpSync('scripts/build-cli.mjs', path.join(root, 'scripts/build-cli.mjs'));
      const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ ...manifest, engines: { node: '>=999.1' } }));
      const result = spawnSync(process.execPath, [path.join(root, 'bin/fluxo.js'), '--help'], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`fluxo: needs Node 999.1 or later; this is Node ${process.versions.node}\n`);
      expect(result.stdout).toBe('');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(execFileSync(process.execPath, ['bin/fluxo.js', '--help'], { encoding: 'utf8' })).toContain('Usage: fluxo');
  });
});
