import type { HistoryEvent } from '../../ports/execution-history.js';
import type { StageExecution } from './sfn-stage.js';

/**
 * What RedriveExecution will run again, read from the history as Step Functions decides it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html and
 * .../redrive-map-run.html): the execution restarts at the states it left unsuccessful (entered,
 * never exited, not caught), with the input they had. Inside an inline Map or a Parallel only
 * the failed iterations or branches run again; inside a Distributed Map only the unsuccessful
 * child executions. A state whose failure a Catch handled is not run again, and a Fail state
 * only fails the execution again.
 */
export interface RedrivePlan {
  /** The lines a person reads before confirming (the CLI prints them, the console shows them). */
  lines: string[];
  /** The states the redrive restarts at, in the order they were entered. */
  states: { name: string; type: string }[];
}

interface OpenState {
  name: string;
  type: string;
  error?: string;
}

interface DefinitionState {
  Type?: string;
  ItemProcessor?: { ProcessorConfig?: { Mode?: string } };
}

function statesOf(definition: unknown): Record<string, DefinitionState> {
  const states = (definition as { States?: unknown } | undefined)?.States;
  return states && typeof states === 'object' ? (states as Record<string, DefinitionState>) : {};
}

export function redrivePlan(record: Pick<StageExecution, 'machine' | 'name' | 'status' | 'error' | 'definition' | 'mapRuns'>, events: Iterable<HistoryEvent>, fullName: string): RedrivePlan {
  const top = statesOf(record.definition);
  const known = (name: string) => Object.keys(top).length === 0 || name in top;
  const open = new Map<string, OpenState>();
  const caught = new Set<string>();
  /** Inline Map iterations that did not succeed (AWS names the iteration's state, not always the Map). */
  const iterations = new Set<number>();
  for (const event of events) {
    const name = event.stateName;
    if (!name) continue;
    if (event.type === 'MapIterationFailed' || event.type === 'MapIterationAborted') {
      if (event.index !== undefined) iterations.add(event.index);
      continue;
    }
    if (event.type === 'MapIterationSucceeded' && event.index !== undefined) iterations.delete(event.index);
    if (!known(name)) continue;
    if (event.type === 'StateEntered') {
      open.delete(name);
      open.set(name, { name, type: event.stateType ?? top[name]?.Type ?? '' });
      caught.delete(name);
    } else if (event.type === 'StateExited') open.delete(name);
    else if (event.type === 'StateCaught') {
      open.delete(name);
      caught.add(name);
    } else if (event.type === 'StateFailed') open.set(name, { name, type: event.stateType ?? top[name]?.Type ?? '', ...(event.error ? { error: event.error } : {}) });
  }
  const lines = [`${fullName}/${record.name} is ${record.status}${record.error ? ` (${record.error})` : ''}. A redrive runs this same execution again, under its name and with the same input, from the states it left unsuccessful:`];
  const states = [...open.values()];
  const runs = new Map((record.mapRuns ?? []).map((run) => [run.state, run]));
  for (const state of states) {
    const distributed = top[state.name]?.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' || runs.has(state.name);
    if (state.type === 'Fail') {
      lines.push(`  ${state.name} (Fail): entered again, it fails the execution again at once${record.error ? ` with ${record.error}` : ''}; nothing else runs`);
    } else if (state.type === 'Map' && distributed) {
      const run = runs.get(state.name);
      const items = run?.items ?? {};
      const again = (items.failed ?? 0) + (items.aborted ?? 0) + (items.timedOut ?? 0) + (items.pending ?? 0) + (items.running ?? 0);
      lines.push(run ? `  ${state.name} (Distributed Map): runs again only its unsuccessful child executions, ${again} of ${items.total ?? '?'} (the ${items.succeeded ?? 0} that succeeded do not run again)` : `  ${state.name} (Distributed Map): its Map Run had not started; it starts now`);
    } else if (state.type === 'Map') {
      const failed = states.filter((other) => other.type === 'Map').length === 1 ? [...iterations].sort((a, b) => a - b) : [];
      lines.push(`  ${state.name} (Map): runs again only its iterations that failed or were aborted${failed.length ? ` (#${failed.slice(0, 20).join(', #')}${failed.length > 20 ? ` and ${failed.length - 20} more` : ''})` : ''}`);
    } else if (state.type === 'Parallel') {
      lines.push(`  ${state.name} (Parallel): runs again only its branches that failed or were aborted`);
    } else {
      lines.push(`  ${state.name}${state.type ? ` (${state.type})` : ''}: runs again with the input it had${state.error ? `; it failed with ${state.error}` : ''}`);
    }
  }
  if (!states.length) lines.push('  the state where it stopped (its history names none left unsuccessful)');
  const handled = [...caught].filter((name) => !open.has(name));
  if (handled.length) lines.push(`  not run again: ${handled.join(', ')}, whose failure a Catch handled${handled.some((name) => runs.has(name)) ? ' (so its failed child executions do not run again either)' : ''}`);
  if (states.length && states.every((state) => state.type === 'Fail')) lines.push('  nothing would succeed this time: to run the work again, start a new execution with the same input (docs/operations.md, "Replaying a CSV")');
  lines.push('  states that succeeded are not run again');
  return { lines, states: states.map(({ name, type }) => ({ name, type })) };
}
