import { request, type Execution, type HistoryEvent } from './api';

/** Events the timeline lists at most; histories run to 25 000 events and are never held whole here. */
export const TIMELINE_EVENTS = 1000;
const GRAPH_TYPES = new Set(['StateEntered', 'StateExited', 'StateFailed', 'StateCaught', 'StateRetried']);

export type ExecutionView = Execution & { eventCount: number };

/** A line of the stream that is not an event: the end of what was there, or the execution's new status. */
type Line = HistoryEvent | { caughtUp: true } | { execution: Omit<Execution, 'events'> };

export interface Followed {
  view: ExecutionView;
  /** Whether the server still sends new events (a deployed stage's running execution). */
  live: () => boolean;
  close: () => void;
}

/**
 * One execution with a bounded part of its history, read as a stream (NDJSON, one
 * event a line): the latest event of each kind per state (what the graph and a state's
 * input/output need), the latest execution-level events, and the last
 * {@link TIMELINE_EVENTS} events. `eventCount` says how many the history had.
 *
 * With `follow` (`fluxo console --stage`), the stream of a running execution stays
 * open and goes on after its `caughtUp` line with only new events and status lines:
 * each batch calls `onUpdate` with the view as it now stands. `fluxo dev` ends the
 * stream at once; its pages hear of changes through /api/events.
 */
export async function followExecution(machine: string, name: string, follow: boolean, onUpdate: (view: ExecutionView) => void = () => undefined): Promise<Followed> {
  const base = `/api/executions/${encodeURIComponent(machine)}/${encodeURIComponent(name)}`;
  let execution = (await (await request(`${base}?events=none`)).json()) as Execution;
  const latest = new Map<string, HistoryEvent>();
  const recent: HistoryEvent[] = [];
  let count = 0;
  const keep = (line: Line) => {
    if ('caughtUp' in line) return;
    if ('execution' in line) {
      execution = { ...line.execution, events: [] } as Execution;
      return;
    }
    count++;
    if (line.stateName && GRAPH_TYPES.has(line.type)) latest.set(`${line.stateName}\n${line.type}`, line);
    else if (line.type.startsWith('Execution')) latest.set(line.type, line);
    recent.push(line);
    if (recent.length > TIMELINE_EVENTS) recent.shift();
  };
  const view = (): ExecutionView => {
    const byId = new Map<number, HistoryEvent>([...latest.values(), ...recent].map((event) => [event.id, event]));
    return { ...execution, events: [...byId.values()].sort((a, b) => a.id - b.id), eventCount: count };
  };
  const response = await request(follow ? `${base}/events?follow` : `${base}/events`);
  if (!response.body) throw new Error('the history came without a body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let caughtUp = false;
  let open = true;
  /** Reads what has arrived; true once the `caughtUp` line or the end came. */
  const read = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) {
      open = false;
      if (rest.trim()) keep(JSON.parse(rest) as Line);
      rest = '';
      return true;
    }
    const lines = (rest + value).split('\n');
    rest = lines.pop() ?? '';
    let reached = false;
    for (const line of lines) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as Line;
      if ('caughtUp' in parsed) reached = true;
      keep(parsed);
    }
    return reached;
  };
  while (!caughtUp) caughtUp = await read();
  // What follows arrives while the page shows the execution.
  void (async () => {
    while (open) {
      await read().catch(() => (open = false));
      onUpdate(view());
    }
  })();
  return { view: view(), live: () => open, close: () => void reader.cancel().catch(() => undefined).finally(() => (open = false)) };
}
