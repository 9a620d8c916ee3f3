import { request, type Execution, type HistoryEvent } from './api';

/** Events the timeline lists at most; histories run to 25 000 events and are never held whole here. */
export const TIMELINE_EVENTS = 1000;
const GRAPH_TYPES = new Set(['StateEntered', 'StateExited', 'StateFailed', 'StateCaught', 'StateRetried']);

/**
 * One execution with a bounded part of its history, read as a stream (NDJSON,
 * one event a line): the latest event of each kind per state (what the graph and
 * a state's input/output need) and the last {@link TIMELINE_EVENTS} events.
 * `eventCount` says how many the history had.
 */
export async function loadExecution(machine: string, name: string): Promise<Execution & { eventCount: number }> {
  const base = `/api/executions/${encodeURIComponent(machine)}/${encodeURIComponent(name)}`;
  const execution = (await (await request(`${base}?events=none`)).json()) as Execution;
  const latest = new Map<string, HistoryEvent>();
  const recent: HistoryEvent[] = [];
  let count = 0;
  const keep = (event: HistoryEvent) => {
    count++;
    if (event.stateName && GRAPH_TYPES.has(event.type)) latest.set(`${event.stateName}\n${event.type}`, event);
    recent.push(event);
    if (recent.length > TIMELINE_EVENTS) recent.shift();
  };
  const response = await request(`${base}/events`);
  if (!response.body) throw new Error('the history came without a body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + value).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) keep(JSON.parse(line) as HistoryEvent);
  }
  if (rest.trim()) keep(JSON.parse(rest) as HistoryEvent);
  const byId = new Map<number, HistoryEvent>([...latest.values(), ...recent].map((event) => [event.id, event]));
  return { ...execution, events: [...byId.values()].sort((a, b) => a.id - b.id), eventCount: count };
}
