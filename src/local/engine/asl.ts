import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { NotFoundError } from '../../shared/errors.js';
import type { AslDefinition, AslState } from '../../ports/state-machine.js';

export const STATEMACHINES_DIR = fileURLToPath(new URL('../../../statemachines/', import.meta.url));

export type { AslDefinition, AslState } from '../../ports/state-machine.js';

/** `"Resource": "${csv_summarize}"` names a Lambda by its function name (see docs/architecture.md). */
const FUNCTION_REFERENCE = /^\$\{([a-z][a-z0-9_]*)\}$/;

export function functionNameOf(resource: string | undefined): string | undefined {
  return resource ? FUNCTION_REFERENCE.exec(resource)?.[1] : undefined;
}

/** Every state, nested ones (Map, Parallel) included, with its name. */
export function allStates(definition: AslDefinition): [string, AslState][] {
  const found: [string, AslState][] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    found.push([name, state]);
    const nested = [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].filter((child): child is AslDefinition => !!child);
    for (const child of nested) found.push(...allStates(child));
  }
  return found;
}

/** Machine short names (`hello`, `csv-summary`) from `statemachines/<name>.asl.json`. */
export async function machineNames(dir = STATEMACHINES_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((file) => file.endsWith('.asl.json')).map((file) => file.replace(/\.asl\.json$/, '')).sort();
}

export async function loadDefinition(machine: string, dir = STATEMACHINES_DIR): Promise<AslDefinition> {
  const file = path.join(dir, `${machine}.asl.json`);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NotFoundError(`state machine ${machine} not found (no ${path.relative(process.cwd(), file)})`);
  });
  return JSON.parse(text) as AslDefinition;
}

/** The longest delay setTimeout takes (2^31 - 1 ms): longer ones would fire at once. */
const NO_TASK_TIMEOUT_SECONDS = 2_147_483;

/**
 * The definition handed to aws-local-stepfunctions: its bundled validator wants
 * an ARN in `Resource`, so `${fn}` becomes a local Lambda ARN (the engine then
 * overrides every Task by state name anyway).
 */
export function asEngineDefinition(definition: AslDefinition, resources: Record<string, string> = {}): StateMachineDefinition {
  // A JSON copy, not structuredClone: the engine checks for plain objects of its own realm (jest runs tests in a vm context).
  // `"${ConversationsTable}"` parameters name CloudFormation resources: the local names go there.
  const copy = JSON.parse(
    JSON.stringify(definition, (_key, value: unknown) => {
      const resource = typeof value === 'string' ? /^\$\{([A-Z][A-Za-z0-9]*)\}$/.exec(value)?.[1] : undefined;
      if (!resource) return value;
      const local = resources[resource];
      if (local === undefined) throw new Error(`the local stack has no resource ${resource} (src/local/stack/topology.ts)`);
      return local;
    }),
  ) as AslDefinition;
  for (const [, state] of allStates(copy)) {
    const fn = functionNameOf(state.Resource);
    if (fn) state.Resource = `arn:aws:lambda:us-east-1:000000000000:function:${fn}`;
    // On AWS a Task without TimeoutSeconds waits as long as its Lambda may run (its own timeout, counted while it runs);
    // aws-local-stepfunctions would give it 60 s counted from when it is scheduled, queue included.
    if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = NO_TASK_TIMEOUT_SECONDS;
  }
  return copy as unknown as StateMachineDefinition;
}
