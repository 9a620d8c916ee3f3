import type { HistoryEvent } from '../ports/execution-history.js';

/** One event of an execution's history on one line, as `fluxo run --history`, `executions show` and `--stage` print it. */
export function describeEvent(event: HistoryEvent): string {
  const parts = [`${String(event.id).padStart(3)}  ${event.timestamp.slice(11, 23)}  ${event.type.padEnd(22)}`];
  if (event.stateName) parts.push(`${event.stateName}${event.stateType ? ` (${event.stateType})` : ''}`);
  if (event.index !== undefined) parts.push(`#${event.index}`);
  if (event.attempt !== undefined) parts.push(`attempt ${event.attempt}`);
  if (event.error) parts.push(`${event.error}${event.cause ? `: ${event.cause.slice(0, 200)}` : ''}`);
  return parts.join('  ');
}

/** A machine's file name from the name the docs use: CsvSummary, csvSummary or csv_summary is csv-summary. */
export function kebabOf(machine: string): string {
  return machine.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}
