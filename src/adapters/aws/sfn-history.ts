import type { HistoryEvent as AwsEvent } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../ports/execution-history.js';

/**
 * Step Functions' history events turned into the events the local engine records
 * (src/local/engine.ts), so one console page and one CLI printer read both.
 *
 * - `TaskStateEntered`, `MapStateExited`... become `StateEntered` / `StateExited` with the
 *   state's name, type, input and output.
 * - Every other event keeps its AWS type and is attributed to the state it happened in,
 *   found through `previousEventId` (AWS names the state only on Entered/Exited events).
 * - A failure (`TaskFailed`, `LambdaFunctionFailed`, `*TimedOut`...) becomes what happened
 *   next, as the local engine reports it: `StateRetried` (the same state is scheduled again),
 *   `StateCaught` (a Catch entered another state) or `StateFailed`. It is decided by the
 *   event that follows it, so the converter holds at most the failures still undecided.
 *
 * Shapes: https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */

/** Where an event happened: a state, inside the state that contains it (a Map or Parallel), or the execution itself. */
interface Place {
  state: string;
  type: string;
  parent?: Place;
}

const ENTERED = /^(\w+?)StateEntered$/;
const EXITED = /^(\w+?)StateExited$/;
const FAILURE = /(Failed|TimedOut)$/;
const SCHEDULED = /(Scheduled|Submitted|Started)$/;
const CONTAINER_END = /^(Map|Parallel)State(Failed|Aborted)$|^MapRun(Failed|Aborted)$/;

/** A JSON string from the API as a value (the local engine keeps values); a string that is not JSON stays as it is. */
export function value(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The one `...EventDetails` member an event carries, whatever its type. */
function detailsOf(event: AwsEvent): Record<string, unknown> {
  for (const [key, member] of Object.entries(event)) if (key.endsWith('EventDetails') && member && typeof member === 'object') return member as Record<string, unknown>;
  return {};
}

const text = (field: unknown): string | undefined => (typeof field === 'string' ? field : undefined);

export class HistoryConverter {
  private readonly places = new Map<number, Place | undefined>();
  private readonly types = new Map<number, string>();
  /** Failures waiting for the event that says what became of them, by id. */
  private readonly pending = new Map<number, HistoryEvent>();
  /** Retries so far of each entered state (one entry per time it was entered). */
  private readonly attempts = new Map<Place | undefined, number>();

  /** Converts one event; returns the events that are now decided (in id order). */
  push(event: AwsEvent): HistoryEvent[] {
    const id = Number(event.id);
    const type = String(event.type);
    const previous = event.previousEventId !== undefined ? Number(event.previousEventId) : undefined;
    const before = previous !== undefined ? this.places.get(previous) : undefined;
    const details = detailsOf(event);
    const entered = ENTERED.exec(type);
    const exited = EXITED.exec(type);
    let place: Place | undefined;
    if (entered) place = { state: String(details.name ?? ''), type: entered[1] ?? '', parent: this.container(before, previous) };
    else if (exited) place = before?.parent;
    else place = before;
    this.places.set(id, place);
    this.types.set(id, type);

    const converted: HistoryEvent = { id, timestamp: (event.timestamp instanceof Date ? event.timestamp : new Date(event.timestamp ?? 0)).toISOString(), type };
    const named = entered || exited ? { state: String(details.name ?? ''), type: (entered ?? exited)?.[1] ?? '' } : before;
    if (named && !type.startsWith('Execution')) {
      converted.stateName = named.state;
      converted.stateType = named.type;
    }
    if (entered) converted.type = 'StateEntered';
    if (exited) converted.type = 'StateExited';
    const input = text(details.input) ?? text(details.parameters);
    if (input !== undefined) converted.input = value(input);
    if (text(details.output) !== undefined) converted.output = value(text(details.output));
    if (text(details.error) !== undefined) converted.error = text(details.error);
    if (text(details.cause) !== undefined) converted.cause = text(details.cause);
    if (typeof details.index === 'number') converted.index = details.index;

    const decided = previous !== undefined ? this.decide(previous, type, converted, place) : [];
    // A Fail state fails the execution (or its branch) as it is entered: the local engine records StateFailed,
    // with the error and cause the next event (ExecutionFailed) carries.
    if (entered?.[1] === 'Fail') {
      this.pending.set(id, { ...converted, type: 'StateFailed' });
      return decided;
    }
    if (FAILURE.test(type) && converted.stateName && !type.startsWith('Execution') && !type.startsWith('MapIteration')) {
      this.pending.set(id, converted);
      return decided;
    }
    return [...decided, converted];
  }

  /** What is still undecided when the history ends: failures the execution did not go past. */
  flush(): HistoryEvent[] {
    const rest = [...this.pending.values()].map((event) => ({ ...event, type: 'StateFailed' }));
    this.pending.clear();
    return rest;
  }

  /** The state a newly entered state sits in: the Map or Parallel around it, never the state before it. */
  private container(before: Place | undefined, previous: number | undefined): Place | undefined {
    let place = before;
    // After a Map or Parallel that failed as a whole, a Catch leads out of it.
    if (place && previous !== undefined && CONTAINER_END.test(this.types.get(previous) ?? '')) place = place.parent;
    while (place && place.type !== 'Map' && place.type !== 'Parallel') place = place.parent;
    // The first state of an iteration follows MapIterationStarted, the Map's own event.
    return place;
  }

  /** A failure followed by `type`: retried, caught or failed. */
  private decide(previous: number, type: string, next: HistoryEvent, place: Place | undefined): HistoryEvent[] {
    // The event right after the failure decides; a state scheduled again in the same place after other events does too.
    let key = this.pending.has(previous) ? previous : undefined;
    if (key === undefined && SCHEDULED.test(type)) key = [...this.pending.entries()].find(([id]) => this.places.get(id) === place && place !== undefined)?.[0];
    const failure = key !== undefined ? this.pending.get(key) : undefined;
    if (!failure || key === undefined) return [];
    this.pending.delete(key);
    if (failure.stateType === 'Fail') return [{ ...failure, ...(next.error ? { error: next.error } : {}), ...(next.cause ? { cause: next.cause } : {}) }];
    const state = this.places.get(key);
    if (SCHEDULED.test(type) && next.stateName === failure.stateName) {
      const attempt = (this.attempts.get(state) ?? 0) + 1;
      this.attempts.set(state, attempt);
      return [{ ...failure, type: 'StateRetried', attempt }];
    }
    if (next.type === 'StateEntered') return [{ ...failure, type: 'StateCaught' }];
    return [{ ...failure, type: 'StateFailed' }];
  }
}

/** A whole history at once (tests, small executions). */
export function convertHistory(events: AwsEvent[]): HistoryEvent[] {
  const converter = new HistoryConverter();
  return [...events.flatMap((event) => converter.push(event)), ...converter.flush()];
}
