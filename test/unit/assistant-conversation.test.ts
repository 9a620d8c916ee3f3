import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONVERSATION_ATTRIBUTES, CONVERSATION_KEY } from '../../src/domain/assistant/conversation.js';
import { allStates, STATEMACHINES_DIR, type AslDefinition } from '../../src/local/engine/asl.js';
import { wiring } from '../../src/local/stack/topology.js';

const definition = JSON.parse(readFileSync(path.join(STATEMACHINES_DIR, 'assistant-turn.asl.json'), 'utf8')) as AslDefinition;
type Parameters = { TableName?: string; Key?: Record<string, Record<string, string>>; UpdateExpression?: string; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, Record<string, string>> };
const tasks = [...allStates(definition)].filter(([, state]) => String(state.Resource ?? '').startsWith('arn:aws:states:::dynamodb:')).map(([name, state]) => ({ name, resource: String(state.Resource), parameters: (state as { Parameters?: Parameters }).Parameters ?? {} }));

/** Attribute names an update or condition expression names (not `:values`, not functions). */
function attributesOf(expression: string): string[] {
  const functions = new Set(['SET', 'REMOVE', 'ADD', 'DELETE', 'OR', 'AND', 'NOT', 'if_not_exists', 'attribute_not_exists', 'attribute_exists', 'list_append']);
  return [...expression.matchAll(/(?<![:\w])([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string).filter((word) => !functions.has(word));
}

/** `name = :value` pairs of a SET clause (plain assignments). */
function assignments(expression: string): [string, string][] {
  const set = /SET (.*?)(?: REMOVE | ADD | DELETE |$)/.exec(expression)?.[1] ?? '';
  return [...set.matchAll(/([A-Za-z_]\w*) = (:\w+)(?=,|$)/g)].map((match) => [match[1] as string, match[2] as string]);
}

describe('the conversation item: one TypeScript type, and the ASL agrees with it', () => {
  it('finds the machine writing and reading the conversations table by its key', () => {
    expect(tasks.map((task) => task.name)).toEqual(expect.arrayContaining(['TakeTurnLock', 'LoadConversation']));
    for (const task of tasks) {
      expect(task.parameters.TableName).toBe('${ConversationsTable}');
      expect(Object.keys(task.parameters.Key ?? {})).toEqual([CONVERSATION_KEY]);
    }
    expect(wiring.tables['fluxo-conversations']).toBe(CONVERSATION_KEY);
  });

  it('names only declared attributes, and writes each with its declared type', () => {
    const named = new Set<string>();
    for (const { name, parameters } of tasks) {
      for (const expression of [parameters.UpdateExpression, parameters.ConditionExpression]) {
        for (const attribute of attributesOf(expression ?? '')) {
          named.add(attribute);
          expect(`${name}: ${attribute} ${attribute in CONVERSATION_ATTRIBUTES}`).toBe(`${name}: ${attribute} true`);
        }
      }
      for (const [attribute, value] of assignments(parameters.UpdateExpression ?? '')) {
        const type = Object.keys(parameters.ExpressionAttributeValues?.[value] ?? {})[0]?.replace('.$', '');
        expect(`${name}: ${attribute} ${type}`).toBe(`${name}: ${attribute} ${CONVERSATION_ATTRIBUTES[attribute as keyof typeof CONVERSATION_ATTRIBUTES]}`);
      }
    }
    // Every declared attribute is written or tested somewhere: the type has nothing the machine forgot.
    expect([...Object.keys(CONVERSATION_ATTRIBUTES)].filter((attribute) => attribute !== CONVERSATION_KEY && !named.has(attribute))).toEqual([]);
  });
});
