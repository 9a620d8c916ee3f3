import { formatNumber as formatDomainNumber } from '../../src/domain/format.js';

/** Tiny DOM helpers: build elements with text (never innerHTML with data). */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function table(columns: string[], rows: (string | number | null | Node)[][], caption?: string): HTMLTableElement {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell instanceof Node ? cell : cell === null ? '' : String(cell)))))),
  );
}

/** A table cell: numbers through the formatting `fluxo summarize` uses (src/domain/format.ts). */
export function formatNumber(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatDomainNumber(value);
  return String(value);
}

/** A duration for a person: 840 ms, 1.2 s, 3 min 5 s, 2 h 14 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

export function duration(start: string, stop?: string): string {
  return formatDuration(Math.max(0, (stop ? Date.parse(stop) : Date.now()) - Date.parse(start)));
}

/** Drops the `null`s of optional parts, for replaceChildren. */
export function compact(...children: Child[]): (Node | string)[] {
  return children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false);
}
