import type { ChildExecution, ExecutionRecord, HistoryEvent } from '../ports/execution-history.js';

/** The type column's width for these events: their longest type name (MapRunStarted, LambdaFunctionScheduleFailed...). */
export function typeWidth(events: readonly Pick<HistoryEvent, 'type'>[], least = 0): number {
  return events.reduce((width, event) => Math.max(width, event.type.length), least);
}

/**
 * One event of an execution's history on one line, as `fluxo run --history`, `executions show` and `--stage` print it;
 * `width` is the type column's ({@link typeWidth} of the events printed together, so the state names line up).
 */
export function describeEvent(event: HistoryEvent, width = event.type.length): string {
  const parts = [`${String(event.id).padStart(3)}  ${event.timestamp.slice(11, 23)}  ${event.type.padEnd(width)}`];
  if (event.stateName) parts.push(`${event.stateName}${event.stateType ? ` (${event.stateType})` : ''}`);
  if (event.index !== undefined) parts.push(`#${event.index}`);
  if (event.attempt !== undefined) parts.push(`attempt ${event.attempt}`);
  if (event.error) parts.push(`${event.error}${event.cause ? `: ${event.cause.slice(0, 200)}` : ''}`);
  return parts.join('  ').trimEnd();
}

/** A machine's file name from the name the docs use: CsvSummary, csvSummary or csv_summary is csv-summary. */
export function kebabOf(machine: string): string {
  return machine.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

/** `executions show` for a person: what ran, how it ended, its events and children; `--json` prints the record. */
export function renderExecution(record: ExecutionRecord & { children: ChildExecution[] }): string {
  const lines = [`${record.machine}/${record.name}  ${record.status}`, `started  ${record.startDate}${record.stopDate ? `   stopped  ${record.stopDate}` : ''}`];
  if (record.redriveFrom) lines.push(`redriven from state ${record.redriveFrom}${record.redriveOf ? ` (continues ${record.machine}/${record.redriveOf})` : ''}`);
  if (record.parent) lines.push(`child of ${record.parent.machine}/${record.parent.name} (${record.parent.state})`);
  const json = (value: unknown) => { const text = JSON.stringify(value); return text.length > 400 ? `${text.slice(0, 400)}…  (--json for all of it)` : text; };
  lines.push(`input    ${json(record.input)}`);
  if (record.status === 'SUCCEEDED') lines.push(`output   ${json(record.output ?? null)}`);
  if (record.error) lines.push(`error    ${record.error}${record.cause ? `: ${record.cause.slice(0, 400)}` : ''}`);
  const width = typeWidth(record.events);
  lines.push('', `history (${record.events.length} events)`, ...record.events.map((event) => describeEvent(event, width)));
  if (record.children.length) lines.push('', `child executions (${record.children.length})`, ...record.children.map((child) => `  ${child.status.padEnd(9)}  ${child.name}  (${child.state})`));
  return lines.join('\n');
}
