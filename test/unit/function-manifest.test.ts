import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_TIMEOUT_SECONDS, functionList, manifest } from '../../src/handlers/manifest.js';
import { baseGrants, portNeeds, useCaseNeeds, type Grant } from '../../src/handlers/wiring/grants.js';
import { portsFor } from '../../src/local/runtime/functions.js';
import { kindOf, type HandlerKind } from '../../src/platform/kinds/kind.js';
import type { PortName, RelationalStore } from '../../src/ports/index.js';
import { testDeps } from '../support/deps.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type SlsFunction = { handler: string; events?: Record<string, unknown>[]; environment?: Record<string, unknown>; iamRoleStatements?: Statement[]; destinations?: { onFailure?: { arn?: unknown } } };
type Sls = { provider: { environment: Record<string, unknown>; timeout?: number }; functions: Record<string, SlsFunction & { timeout?: number }> };

/** serverless.yml with anchors and merges resolved; CloudFormation tags (!Ref, !Sub...) keep their plain values, enough to match names. */
function readServerless(text = readFileSync('serverless.yml', 'utf8')): Sls {
  return parse(text, { logLevel: 'error', merge: true, maxAliasCount: -1 }) as Sls;
}

/** Environment a function sets itself, whatever no port accounts for (the URL Twilio signs is the webhook's own setting). */
const OWN_ENV: Record<string, string[]> = { whatsapp_webhook: ['WHATSAPP_WEBHOOK_URL', 'TRANSCRIBER'] };
/** Grants a function holds for how it is invoked, not for a port: a scheduled function's failed async invocations go to its DLQ (EventInvokeConfig, its `destinations.onFailure`), and to that queue only. */
function ownGrants(fn: SlsFunction): Grant[] {
  const arn = fn.destinations?.onFailure?.arn;
  if (arn === undefined) return [];
  return [{ actions: ['sqs:SendMessage'], resource: new RegExp(`^${JSON.stringify(arn).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }];
}
const EVENT_OF_KIND: Record<HandlerKind, string | undefined> = { sqs: 'sqs', http: 'httpApi', scheduled: 'schedule', task: undefined };

const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const covers = (grant: Grant, action: string, statement: Statement): boolean => grant.actions.includes(action) && (!grant.resource || grant.resource.test(JSON.stringify(statement.Resource)));

/** What is wrong with one function's entry in serverless.yml, given its ports: missing grants and environment, and anything more. */
function findings(name: string, ports: readonly PortName[], kind: HandlerKind, sls: Sls): string[] {
  const fn = sls.functions[name];
  if (!fn) return [`${name}: not in serverless.yml`];
  const found: string[] = [];
  const statements = (fn.iamRoleStatements ?? []).filter((statement) => statement.Effect === 'Allow');
  // Its ports' needs, and its use case's own (the webhook reads the Twilio secret to check signatures).
  const needs: (readonly [string, (typeof portNeeds)[PortName]])[] = [...ports.map((port) => [port, portNeeds[port]] as const), ['its use case', useCaseNeeds(name)] as const];
  for (const [port, need] of needs) {
    for (const grant of need.grants) {
      if (!statements.some((statement) => actionsOf(statement).some((action) => covers(grant, action, statement)))) found.push(`${name}: uses ${port} but has no ${grant.actions.join('/')}${grant.resource ? ` on ${grant.resource.source}` : ''}`);
    }
    for (const key of need.functionEnv ?? []) if (!(key in (fn.environment ?? {}))) found.push(`${name}: uses ${port} but has no ${key} in its environment`);
    for (const key of need.env ?? []) if (!(key in (fn.environment ?? {})) && !(key in sls.provider.environment)) found.push(`${name}: uses ${port} but nothing sets ${key}`);
  }
  const allowed = [...baseGrants, ...ownGrants(fn), ...needs.flatMap(([, need]) => [...need.grants, ...(need.mayAlso ?? [])])];
  for (const statement of statements) {
    for (const action of actionsOf(statement)) {
      if (!allowed.some((grant) => covers(grant, action, statement))) found.push(`${name}: ${action} on ${JSON.stringify(statement.Resource)} belongs to none of its ports (${ports.join(', ') || 'none'})`);
    }
  }
  const ownEnv = new Set([...(OWN_ENV[name] ?? []), ...needs.flatMap(([, need]) => [...(need.env ?? []), ...(need.functionEnv ?? [])])]);
  for (const key of Object.keys(fn.environment ?? {})) if (!ownEnv.has(key)) found.push(`${name}: environment ${key} belongs to none of its ports`);
  const events = (fn.events ?? []).flatMap((event) => Object.keys(event));
  const expected = EVENT_OF_KIND[kind];
  if (expected && !events.includes(expected)) found.push(`${name}: a ${kind} function without a ${expected} event`);
  for (const event of events) if (event !== expected) found.push(`${name}: a ${kind} function with a ${event} event`);
  return found;
}

describe('the function manifest', () => {
  it.each(functionList.map((spec) => [spec.name, spec] as const))('%s: its main wires exactly its ports and its build makes a handler of its kind', async (name, spec) => {
    const module = await spec.load();
    expect([...module.main.ports].sort()).toEqual([...spec.ports].sort());
    // Its use case's settings are the manifest's, on AWS as locally.
    expect([...module.main.settings]).toEqual([...spec.settings]);
    const handler = module.build(portsFor(testDeps({} as RelationalStore), spec.ports, spec.settings));
    expect([name, kindOf(handler)]).toEqual([name, spec.kind]);
  });

  it('runs on worker threads only functions that need nothing but the object store', () => {
    const cpuBound = functionList.filter((spec) => spec.cpuBound);
    expect(cpuBound.map((spec) => spec.name)).toEqual(expect.arrayContaining(['csv_summarize', 'csv_summarize_chunk', 'csv_refine_chunk']));
    for (const spec of cpuBound) expect(spec.ports).toEqual(['objects']);
  });

  it('gives each function of serverless.yml the IAM grants and environment of its ports, and nothing more', () => {
    const sls = readServerless();
    expect(Object.keys(sls.functions).sort()).toEqual(Object.keys(manifest).filter((name) => name !== 'hello_greet').sort());
    const found = functionList.filter((spec) => spec.name !== 'hello_greet').flatMap((spec) => findings(spec.name, spec.ports, spec.kind, sls));
    expect(found).toEqual([]);
  });

  it('gives each function the Lambda timeout serverless.yml gives it (the local runtime runs it with that timeout)', () => {
    const sls = readServerless();
    const timeouts = Object.entries(sls.functions).map(([name, fn]) => [name, fn.timeout ?? sls.provider.timeout]);
    expect(timeouts).toEqual(Object.keys(sls.functions).map((name) => [name, manifest[name as keyof typeof manifest].timeoutSeconds]));
    expect(sls.provider.timeout).toBe(DEFAULT_TIMEOUT_SECONDS);
  });

  it('names what is missing and what is too much in a role', () => {
    const text = readFileSync('serverless.yml', 'utf8');
    const sls = readServerless(text);
    // csv_store's role without the Data API, and csv_inspect's with a grant of the database.
    const store = sls.functions.csv_store as SlsFunction;
    store.iamRoleStatements = store.iamRoleStatements?.filter((statement) => !actionsOf(statement).some((action) => action.startsWith('rds-data:')));
    (sls.functions.csv_inspect as SlsFunction).iamRoleStatements?.push({ Effect: 'Allow', Action: ['rds-data:ExecuteStatement'], Resource: 'DatabaseCluster.DBClusterArn' });
    expect(findings('csv_store', manifest.csv_store.ports, 'task', sls)).toEqual([expect.stringMatching(/^csv_store: uses summaries but has no rds-data:ExecuteStatement/)]);
    expect(findings('csv_inspect', manifest.csv_inspect.ports, 'task', sls)).toEqual(['csv_inspect: rds-data:ExecuteStatement on "DatabaseCluster.DBClusterArn" belongs to none of its ports (objects)']);
    expect(findings('csv_inspect', ['objects', 'workflows'], 'sqs', sls)).toEqual(expect.arrayContaining(['csv_inspect: uses workflows but has no states:StartExecution', 'csv_inspect: a sqs function without a sqs event']));
  });
});
