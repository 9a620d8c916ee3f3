import type { HistoryEvent } from './api';
import { formatDuration, h } from './dom';

/** What the history says about one state: when it ran, how long, how many attempts. */
export interface StateStats {
  enteredAt?: string;
  leftAt?: string;
  durationMs?: number;
  /** 1 + the retries (StateRetried events); Map states count their inner states' separately. */
  attempts: number;
  /** How many times it was entered (a Map's inner states once per item). */
  entries: number;
}

export function stateStats(events: HistoryEvent[]): Map<string, StateStats> {
  const stats = new Map<string, StateStats>();
  const of = (name: string) => stats.get(name) ?? (stats.set(name, { attempts: 1, entries: 0 }).get(name) as StateStats);
  for (const event of events) {
    const name = event.stateName;
    if (!name || event.type.startsWith('Execution') || event.type.startsWith('MapIteration')) continue;
    const entry = of(name);
    if (event.type === 'StateEntered') {
      entry.entries++;
      entry.enteredAt ??= event.timestamp;
    } else if (event.type === 'StateRetried') entry.attempts++;
    else if (event.type === 'StateExited' || event.type === 'StateFailed' || event.type === 'StateCaught') entry.leftAt = event.timestamp;
  }
  for (const entry of stats.values()) if (entry.enteredAt && entry.leftAt) entry.durationMs = Math.max(0, Date.parse(entry.leftAt) - Date.parse(entry.enteredAt));
  return stats;
}

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '' : formatDuration(ms);
}

/** "120 ms · 3 attempts", what a state's box and row say beside its type. */
export function statsLine(stats: StateStats | undefined): string {
  if (!stats?.entries) return '';
  const parts = [formatMs(stats.durationMs)];
  if (stats.attempts > 1) parts.push(`${stats.attempts} attempts`);
  if (stats.entries > 1) parts.push(`${stats.entries}×`);
  return parts.filter(Boolean).join(' · ');
}

/** A value for a person: a Cause that is a JSON document is shown as that document, not as an escaped string. */
export function readable(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!(text.startsWith('{') || text.startsWith('['))) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

export function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}
