import { get, request, type Execution } from './api';
import { compact, duration, h, table } from './dom';

export type Brief = Omit<Execution, 'events'>;

export const link = (execution: Brief) => h('a', { href: `#/executions/${encodeURIComponent(execution.machine)}/${encodeURIComponent(execution.name)}` }, execution.name);
export const badge = (status: string) => h('span', { class: `badge ${status.toLowerCase()}` }, status);

const PAGE = 25;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const FAILED = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** What the list shows: kept while the console is open, so coming back from an execution finds it as left. */
const filters = { machine: '', status: '', since: '', search: '', failuresFirst: true, page: 0 };
/** The start-date filter, as `fluxo executions list --since` takes it (30m, 12h, 1d, 2w). */
const SINCE: [string, string, number][] = [['1h', 'last hour', 3_600_000], ['1d', 'last 24 hours', 86_400_000], ['1w', 'last 7 days', 604_800_000], ['30d', 'last 30 days', 2_592_000_000]];

/** The page's heading already says "Executions": the table is named for assistive technology only, not captioned again. */
function labelled<T extends HTMLElement>(element: T, label: string): T {
  element.setAttribute('aria-label', label);
  return element;
}

/**
 * The same rows as cards, for a phone (style.css shows one or the other by width):
 * name, status, machine and start time all in sight, nothing to scroll sideways.
 */
function cards(rows: Brief[]): HTMLElement {
  return h(
    'ul',
    { class: 'cards', 'aria-label': 'Executions' },
    ...rows.map((execution) =>
      h(
        'li',
        { class: 'card' },
        h('div', { class: 'card-head' }, link(execution), badge(execution.status)),
        h('div', { class: 'card-meta' }, h('span', {}, execution.machine), h('span', {}, new Date(execution.startDate).toLocaleString(undefined, { timeZoneName: 'short' })), h('span', {}, duration(execution.startDate, execution.stopDate))),
      ),
    ),
  );
}

/** Executions of every machine: filter by machine and status, search by name, failures first, a page at a time; live while open. */
export async function executionsPage(root: HTMLElement, live: EventTarget): Promise<() => void> {
  const machines = await get<{ name: string }[]>('/api/machines');
  let executions: Brief[] = [];
  const option = (value: string, text: string, selected: boolean) => h('option', { value, selected }, text);
  const machine = h('select', { id: 'filter-machine' }, option('', 'All machines', !filters.machine), ...machines.map(({ name }) => option(name, name, filters.machine === name)));
  const status = h('select', { id: 'filter-status' }, option('', 'Any status', !filters.status), ...STATUSES.map((value) => option(value, value.toLowerCase().replace('_', ' '), filters.status === value)));
  const since = h('select', { id: 'filter-since' }, option('', 'Any time', !filters.since), ...SINCE.map(([value, text]) => option(value, text, filters.since === value)));
  const search = h('input', { id: 'filter-search', type: 'search', placeholder: 'name contains…', value: filters.search, autocomplete: 'off' });
  const failuresFirst = h('input', { id: 'filter-failures', type: 'checkbox', checked: filters.failuresFirst });
  const results = h('div', { class: 'results' });
  const counter = h('p', { role: 'status', class: 'muted' });
  /** What a deployed stage's list holds (the server's cap per machine), stated so a short list is not taken for all. */
  const capNote = h('p', { class: 'muted cap-note', hidden: true });
  let loadedSince = '';

  const draw = () => {
    const needle = filters.search.trim().toLowerCase();
    const span = SINCE.find(([value]) => value === filters.since)?.[2];
    const from = span === undefined ? undefined : Date.now() - span;
    const shown = executions
      .filter((execution) => (!filters.machine || execution.machine === filters.machine) && (!filters.status || execution.status === filters.status) && (from === undefined || Date.parse(execution.startDate) >= from) && (!needle || execution.name.toLowerCase().includes(needle)))
      .sort((a, b) => (filters.failuresFirst ? Number(FAILED.has(b.status)) - Number(FAILED.has(a.status)) : 0) || b.startDate.localeCompare(a.startDate));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    filters.page = Math.min(filters.page, pages - 1);
    const rows = shown.slice(filters.page * PAGE, (filters.page + 1) * PAGE);
    counter.textContent = shown.length ? `${filters.page * PAGE + 1}–${filters.page * PAGE + rows.length} of ${shown.length} execution${shown.length === 1 ? '' : 's'}${shown.length < executions.length ? ` (${executions.length} in all)` : ''}` : '';
    const pager = (text: string, page: number, disabled: boolean) => {
      const button = h('button', { type: 'button', class: 'secondary', disabled }, text);
      button.addEventListener('click', () => {
        filters.page = page;
        draw();
      });
      return button;
    };
    results.replaceChildren(
      ...compact(
      rows.length
        ? h('div', { class: 'executions-list' }, labelled(table(['Name', 'Machine', 'Status', 'Started', 'Duration'], rows.map((execution) => [link(execution), execution.machine, badge(execution.status), new Date(execution.startDate).toLocaleString(undefined, { timeZoneName: 'short' }), duration(execution.startDate, execution.stopDate)])), 'Executions'), cards(rows))
        : h('p', { class: 'muted' }, executions.length ? 'No execution matches these filters.' : 'No executions yet: run one with `fluxo run hello --input \'{"name":"Ana"}\'`, upload a CSV or chat with the assistant.'),
      pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' }, pager('← Newer', filters.page - 1, filters.page === 0), h('span', {}, ` page ${filters.page + 1} of ${pages} `), pager('Older →', filters.page + 1, filters.page >= pages - 1)) : null,
      ),
    );
  };
  // The start-date window is asked of the server (it reads back to the window's start), the other filters apply here.
  const load = async () => {
    const asked = filters.since;
    const response = await request(`/api/executions${asked ? `?since=${encodeURIComponent(asked)}` : ''}`);
    const listed = (await response.json()) as Brief[];
    if (asked !== filters.since) return;
    executions = listed;
    loadedSince = asked;
    const cap = response.headers.get('x-fluxo-list-cap');
    const windowCap = response.headers.get('x-fluxo-list-cap-window');
    const capped = (response.headers.get('x-fluxo-list-capped') ?? '').split(',').filter(Boolean);
    const span = SINCE.find(([value]) => value === asked)?.[1];
    capNote.hidden = !cap;
    capNote.textContent = cap
      ? `Listed: the newest ${cap} executions of each machine${span ? ` started in the ${span}` : `; choose a Started window to reach further back${windowCap ? ` (up to ${windowCap} of each)` : ''}`}.${capped.length ? ` ${capped.join(', ')} had more: older ones are not listed${span ? ', choose a shorter window' : ''}.` : ''}`
      : '';
    draw();
  };
  const changed = () => {
    const reload = since.value !== loadedSince;
    Object.assign(filters, { machine: machine.value, status: status.value, since: since.value, search: search.value, failuresFirst: failuresFirst.checked, page: 0 });
    draw();
    if (reload) void load().catch((error: unknown) => results.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message)));
  };
  for (const control of [machine, status, since, failuresFirst]) control.addEventListener('change', changed);
  search.addEventListener('input', changed);

  root.replaceChildren(
    h('h1', {}, 'Executions'),
    h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter executions' },
      h('label', {}, 'Machine ', machine),
      h('label', {}, 'Status ', status),
      h('label', {}, 'Started ', since),
      h('label', {}, 'Search ', search),
      h('label', { class: 'check' }, failuresFirst, ' Failures first'),
    ),
    counter,
    capNote,
    results,
  );
  root.querySelector('form')?.addEventListener('submit', (event) => event.preventDefault());
  await load();
  let pending: number | undefined;
  const onStatus = () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => void load(), 150);
  };
  live.addEventListener('status', onStatus);
  return () => live.removeEventListener('status', onStatus);
}
