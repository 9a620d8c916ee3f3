import { readdirSync, readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { allStates, functionNameOf, STATEMACHINES_DIR, type AslDefinition } from '../../src/local/engine/asl.js';
import { manifest } from '../../src/handlers/manifest.js';

const files = readdirSync(STATEMACHINES_DIR).filter((file) => file.endsWith('.asl.json'));

describe('state machines', () => {
  it.each(files)('%s is valid JSONPath ASL', (file) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    const { isValid, errors } = aslValidator(definition, { checkPaths: true, checkArn: true });
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
    expect(JSON.stringify(definition)).not.toMatch(/"QueryLanguage":\s*"JSONata"|"Assign"/);
  });

  it.each(files)('%s names only functions that exist in src/handlers', (file) => {
    const definition = JSON.parse(readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8')) as AslDefinition;
    for (const [, state] of allStates(definition)) {
      const fn = functionNameOf(state.Resource);
      if (fn) expect(Object.keys(manifest)).toContain(fn);
    }
  });

  it.each(files)('%s uses no type test set to false (aws-local-stepfunctions never matches IsNull/IsPresent/...: false)', (file) => {
    const text = readFileSync(`${STATEMACHINES_DIR}${file}`, 'utf8');
    expect(text).not.toMatch(/"Is(Null|Present|Numeric|String|Boolean|Timestamp)":\s*false/);
  });
});
