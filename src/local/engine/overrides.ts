import type { StateMachine } from 'aws-local-stepfunctions';
import { allStates, functionNameOf, type AslDefinition, type AslState } from './asl.js';
import { DISTRIBUTED_MAP_RESOURCE } from './distributed-map.js';
import type { Integration } from './integrations.js';

type JsonValue = Parameters<StateMachine['run']>[0];
type TaskHandler = (input: unknown) => Promise<unknown>;

export interface OverrideOptions {
  integrations: Record<string, Integration>;
  invoke: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Multiplies every Wait and Retry interval: 1 is real time, 0 does not wait. */
  waitScale: number;
}

/**
 * What aws-local-stepfunctions runs instead of each Task (by state name): `${fn}` calls the local
 * handler, a service integration its local adapter, a Distributed Map (already a Task, see
 * withDistributedMapsAsTasks) the handler `mapHandler` gives; Wait and Retry intervals scaled.
 */
export function taskOverrides(definition: AslDefinition, options: OverrideOptions, maps: Record<string, AslState>, mapHandler: (name: string, map: AslState) => TaskHandler) {
  const taskResourceLocalHandlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number[]> = {};
  const scale = options.waitScale;
  for (const [name, state] of allStates(definition)) {
    const map = maps[name];
    if (map && state.Resource === DISTRIBUTED_MAP_RESOURCE) {
      const handler = mapHandler(name, map);
      taskResourceLocalHandlers[name] = async (input) => (await handler(input)) as JsonValue;
      continue;
    }
    if (state.Type === 'Task') {
      const functionName = functionNameOf(state.Resource);
      const integration = state.Resource ? options.integrations[state.Resource] : undefined;
      if (functionName) taskResourceLocalHandlers[name] = async (input) => (await options.invoke(functionName, input)) as JsonValue;
      else if (integration) taskResourceLocalHandlers[name] = async (input) => (await integration(input as Record<string, unknown>)) as JsonValue;
      else taskResourceLocalHandlers[name] = async () => {
        throw Object.assign(new Error(`the local engine has no integration for ${state.Resource}`), { name: 'States.Runtime' });
      };
    }
    if (scale !== 1 && state.Type === 'Wait' && typeof state.Seconds === 'number') waitTimeOverrides[name] = state.Seconds * 1000 * scale;
    if (scale !== 1 && state.Retry) retryIntervalOverrides[name] = state.Retry.map((retrier) => (retrier.IntervalSeconds ?? 1) * 1000 * scale);
  }
  return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
}
