import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { build as buildMerge } from '../../src/handlers/csv_merge.js';
import { build as buildPlan } from '../../src/handlers/csv_plan.js';
import { build as buildChunk } from '../../src/handlers/csv_summarize_chunk.js';
import { baseConfigSchema, parseConfig } from '../../src/shared/config.js';
import { KEPT_PREFIXES, WORK_ACCESS, WORK_PREFIXES, workKeys, type WorkPrefix } from '../../src/workflows/csv/work-keys.js';
import { testDeps } from '../support/deps.js';
import type { RelationalStore } from '../../src/ports/relational-store.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Sls = { functions: Record<string, { iamRoleStatements?: Statement[] }>; resources: { Resources: { WorkBucket: { Properties: { LifecycleConfiguration: { Rules: { Prefix: string; ExpirationInDays: number; Status: string }[] } } } } } };

/** serverless.yml with anchors resolved; CloudFormation tags (!Sub) keep their plain text, enough to read prefixes. */
const sls = parse(readFileSync('serverless.yml', 'utf8'), { logLevel: 'error', merge: true, maxAliasCount: -1 }) as Sls;
const PREFIX_OF = Object.fromEntries(Object.entries(WORK_PREFIXES).map(([name, prefix]) => [prefix, name as WorkPrefix]));

/** The work-bucket prefixes a function's role grants `action` on, by the module's names. */
function granted(name: string, action: string): WorkPrefix[] {
  const resources = (sls.functions[name]?.iamRoleStatements ?? [])
    .filter((statement) => statement.Effect === 'Allow' && [statement.Action].flat().includes(action))
    .flatMap((statement) => [statement.Resource].flat().map(String));
  return resources
    .flatMap((resource) => {
      const match = /^\$\{WorkBucket\.Arn\}\/(.*)\*$/.exec(resource);
      if (!match) return [];
      return [PREFIX_OF[match[1] as string] ?? (`unknown prefix ${match[1]}` as WorkPrefix)];
    })
    .sort();
}

describe('the work bucket: prefixes in one module, IAM and lifecycle rules read against it', () => {
  it.each(Object.keys(sls.functions).filter((name) => name.startsWith('csv_')))('%s: its role grants exactly the prefixes WORK_ACCESS lists', (name) => {
    const access = WORK_ACCESS[name] ?? { get: [], put: [] };
    expect({ name, get: granted(name, 's3:GetObject'), put: granted(name, 's3:PutObject'), delete: granted(name, 's3:DeleteObject') }).toEqual({ name, get: [...access.get].sort(), put: [...access.put].sort(), delete: [...(access.delete ?? [])].sort() });
  });

  it('expires every prefix after 7 days but the kept ones, and no other', () => {
    const rules = sls.resources.Resources.WorkBucket.Properties.LifecycleConfiguration.Rules;
    const expired = Object.entries(WORK_PREFIXES).filter(([name]) => !KEPT_PREFIXES.includes(name as WorkPrefix));
    expect(rules.map((rule) => [rule.Prefix, rule.Status, rule.ExpirationInDays]).sort()).toEqual(expired.map(([, prefix]) => [prefix, 'Enabled', 7]).sort());
  });

  it("gives each Distributed Map's ResultWriter the execution's map-runs prefix, the one PlanHugeChunks returns", () => {
    const asl = JSON.parse(readFileSync('statemachines/csv-summary.asl.json', 'utf8')) as { States: Record<string, { ResultWriter?: { Parameters: Record<string, string> } }> };
    const writers = Object.values(asl.States).flatMap((state) => (state.ResultWriter ? [state.ResultWriter.Parameters] : []));
    expect(writers.length).toBeGreaterThan(0);
    for (const writer of writers) expect(writer).toEqual({ Bucket: '${WorkBucket}', 'Prefix.$': '$.plan.results' });
    expect(workKeys.mapRuns('run')).toBe(`${WORK_PREFIXES.mapRuns}run`);
  });

  it('writes every work object under its prefix', () => {
    expect([workKeys.partial('run', 3), workKeys.refinePlan('run'), workKeys.refined('run', 12), workKeys.manifest('run', false), workKeys.manifest('run', true)]).toEqual([
      'partials/run/00003.json',
      'refine/run/plan.json',
      'refine/run/00012.json',
      'manifests/run/chunks.json',
      'manifests/run/chunks-exact.json',
    ]);
  });
});

describe('CsvSettings', () => {
  it('refuses a missing CSV_WORK_BUCKET when a function is built, naming the key, not at each invocation', () => {
    const deps = { ...testDeps({} as RelationalStore), config: parseConfig(baseConfigSchema, {}) };
    for (const build of [buildPlan, buildChunk, buildMerge]) expect(() => build(deps)).toThrow(/CSV_WORK_BUCKET/);
    expect(() => buildPlan(testDeps({} as RelationalStore))).not.toThrow();
  });
});
