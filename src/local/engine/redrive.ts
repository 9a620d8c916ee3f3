import type { ExecutionRecord, HistoryEvent } from '../../ports/execution-history.js';
import type { AslDefinition } from './asl.js';

/** Where and how a redrive of `failed` starts (the engine runs it as a new execution, `<name>-redrive-N`). */
export interface RedrivePlan {
  /** The definition, starting at the state where `failed` stopped. */
  definition: AslDefinition;
  startAt: string;
  /** The input that state had. */
  input: unknown;
  /** The original execution (the first of the chain): the redrive runs as it, to the machine (`$$.Execution`). */
  redriveOf: string;
  redriveCount: number;
  mapRunsStarted: Record<string, number>;
}

/**
 * A failed execution: from the state that failed; aborted or timed out: from the last state it
 * entered (top-level states, never a Fail state), with the input that state had.
 */
export function redrivePlan(failed: ExecutionRecord, definition: AslDefinition): RedrivePlan {
  const topLevel = (event: HistoryEvent) => Boolean(event.stateName && event.stateName in definition.States && definition.States[event.stateName]?.Type !== 'Fail');
  const stoppedAt = [...failed.events].reverse().find((event) => topLevel(event) && (failed.status === 'FAILED' ? event.type === 'StateFailed' : event.type === 'StateEntered'));
  const from = stoppedAt?.stateName ?? definition.StartAt;
  const entered = [...failed.events].reverse().find((event) => event.type === 'StateEntered' && event.stateName === from);
  // A Distributed Map it stopped in continues that run: its children that succeeded are not run again.
  const mapRunsStarted = { ...failed.mapRunsStarted };
  if (mapRunsStarted[from]) mapRunsStarted[from] -= 1;
  return {
    definition: { ...definition, StartAt: from },
    startAt: from,
    input: entered?.input ?? failed.input,
    redriveOf: failed.redriveOf ?? failed.name,
    redriveCount: (failed.redriveCount ?? 0) + 1,
    mapRunsStarted,
  };
}
