import { readdirSync, readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { allStates, asEngineDefinition, functionNameOf, STATEMACHINES_DIR, type AslDefinition } from '../../src/local/engine/asl.js';
import { manifest } from '../../src/handlers/manifest.js';
import { localIntegrations, type IntegrationDeps } from '../../src/local/engine/integrations.js';

const files = readdirSync(STATEMACHINES_DIR).filter((file) => file.endsWith('.asl.json'));

describe('state machines', () => {
  it.each(files)('%s is valid JSONPath ASL', (file) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    const { isValid, errors } = aslValidator(definition, { checkPaths: true, checkArn: true });
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
    expect(JSON.stringify(definition)).not.toMatch(/"QueryLanguage":\s*"JSONata"|"Assign"/);
  });

  it.each(files)('%s runs locally with no Task timeout of its own unless it states one, as on AWS (the function timeout counts while it runs)', (file) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    const engine = asEngineDefinition(definition, new Proxy({}, { get: (_target, name) => String(name) })) as unknown as AslDefinition;
    for (const [name, state] of allStates(engine)) {
      if (state.Type !== 'Task') continue;
      // aws-local-stepfunctions gives 60 s, queue time included, to a Task that states none.
      expect([name, state.TimeoutSeconds]).toEqual([name, expect.any(Number)]);
      expect(state.TimeoutSeconds as number).toBeGreaterThan(2_000_000);
    }
  });

  it.each(files)('%s names only functions that exist in src/handlers', (file) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    for (const [, state] of allStates(definition)) {
      const fn = functionNameOf(state.Resource);
      if (fn) expect(Object.keys(manifest)).toContain(fn);
    }
  });

  it('the local engine answers exactly the service integrations the machines use (none missing, none unused)', () => {
    const used = new Set<string>();
    for (const file of files) {
      const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
      for (const [, state] of allStates(definition)) {
        // Distributed Map readers and writers are the Map's own (distributed-map.ts), not Task integrations.
        if (state.Type === 'Task' && state.Resource?.startsWith('arn:aws:states:::')) used.add(state.Resource);
      }
    }
    const local = Object.keys(localIntegrations({} as IntegrationDeps));
    expect(local.sort()).toEqual([...used].sort());
  });

  it.each(files)('%s uses no type test set to false (aws-local-stepfunctions never matches IsNull/IsPresent/...: false)', (file) => {
    const text = readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8');
    expect(text).not.toMatch(/"Is(Null|Present|Numeric|String|Boolean|Timestamp)":\s*false/);
  });
});

/** Seconds a retrier waits in total before giving up, as Step Functions computes it without jitter. */
function retryWindow(retrier: { IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string }): number {
  let total = 0;
  for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt++) {
    total += Math.min((retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt, retrier.MaxDelaySeconds ?? Infinity);
  }
  // Full jitter waits anywhere from 0 to the interval: nothing is guaranteed.
  return retrier.JitterStrategy === 'FULL' ? 0 : total;
}

describe('retries of the database steps', () => {
  const steps = [
    ['csv-summary.asl.json', 'StoreSummary'],
    ['csv-summary.asl.json', 'RecordFailure'],
    ['client-registration.asl.json', 'UpsertClient'],
    ['client-registration.asl.json', 'RecordRejection'],
  ] as const;

  it.each(steps)('%s %s retries a TransientError for at least 5 minutes with backoff (Aurora Serverless v2 resume, failover)', (file, name) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    const state = allStates(definition).find(([stateName]) => stateName === name)?.[1];
    const retrier = state?.Retry?.find((item) => item.ErrorEquals.includes('TransientError'));
    expect(retrier).toBeDefined();
    expect(retrier?.BackoffRate ?? 2).toBeGreaterThan(1);
    expect(retryWindow(retrier ?? {})).toBeGreaterThanOrEqual(300);
  });
});
