import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const { logicalId } = require('../../statemachines/definitions.cjs') as { logicalId: (fn: string) => string };

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** The ASL file as committed: the template's definition must equal it once ARNs are named back. */
function expectedDefinition(file: string): unknown {
  const text = readFileSync(path.join('statemachines', file), 'utf8');
  return JSON.parse(text);
}

/** serverless-step-functions spells out the default `"QueryLanguage": "JSONPath"` on every state. */
function withoutDefaultQueryLanguage(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaultQueryLanguage);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => !(key === 'QueryLanguage' && item === 'JSONPath'))
        .map(([key, item]) => [key, withoutDefaultQueryLanguage(item)]),
    );
  }
  return value;
}

let template: Template;

beforeAll(async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'fluxo-sls-'));
  // No credentials and no network: packaging must work offline.
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'fluxo-none', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  await run('npx', ['sls', 'package', '--stage', 'dev', '--package', out], { env, timeout: 180_000 });
  template = JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}, 200_000);

describe('npx sls package --stage dev', () => {
  it('packages functions on nodejs22.x arm64 with stage-scoped names', () => {
    const fn = template.Resources[logicalId('hello_greet')];
    expect(fn?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], FunctionName: 'fluxo-dev-hello_greet' });
  });

  it('has one state machine per statemachines/*.asl.json whose definition is that file with function ARNs substituted', () => {
    const machines = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
    const files = readdirSync('statemachines').filter((file) => file.endsWith('.asl.json'));
    expect(machines).toHaveLength(files.length);
    for (const file of files) {
      const name = `fluxo-dev-${file.replace(/\.asl\.json$/, '')}`;
      const machine = machines.find((resource) => resource.Properties.StateMachineName === name);
      expect(machine).toBeDefined();
      const [body, substitutions] = (machine?.Properties.DefinitionString as { 'Fn::Sub': [string, Record<string, { 'Fn::GetAtt': [string, string] }>] })['Fn::Sub'];
      let resolved = body;
      for (const [placeholder, value] of Object.entries(substitutions)) {
        const fn = Object.entries(template.Resources).find(([id]) => id === value['Fn::GetAtt'][0]);
        expect(fn).toBeDefined();
        const fnName = String(fn?.[1].Properties.FunctionName).replace(/^fluxo-dev-/, '');
        resolved = resolved.split(`\${${placeholder}}`).join(`\${${fnName}}`);
      }
      expect(withoutDefaultQueryLanguage(JSON.parse(resolved))).toEqual(expectedDefinition(file));
    }
  });
});
