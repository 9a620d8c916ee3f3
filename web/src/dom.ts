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

export function duration(start: string, stop?: string): string {
  const ms = (stop ? Date.parse(stop) : Date.now()) - Date.parse(start);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Drops the `null`s of optional parts, for replaceChildren. */
export function compact(...children: Child[]): (Node | string)[] {
  return children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false);
}
