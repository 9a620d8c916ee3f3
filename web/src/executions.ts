import { get, post, type AslDefinition, type Execution } from './api';
import { compact, duration, h, table } from './dom';
import { drawGraph, statusOf } from './graph';
import { loadExecution, TIMELINE_EVENTS } from './history';

type Brief = Omit<Execution, 'events'>;

const link = (execution: Brief) => h('a', { href: `#/executions/${execution.machine}/${execution.name}` }, execution.name);
const badge = (status: string) => h('span', { class: `badge ${status.toLowerCase()}` }, status);

/** Executions of every machine, newest first; live while the page is open. */
export async function executionsPage(root: HTMLElement, live: EventTarget): Promise<() => void> {
  const render = async () => {
    const [machines, executions] = await Promise.all([get<{ name: string }[]>('/api/machines'), get<Brief[]>('/api/executions')]);
    root.replaceChildren(
      h('h1', {}, 'Executions'),
      ...machines.map(({ name }) => {
        const rows = executions.filter((execution) => execution.machine === name).slice(0, 50);
        return h(
          'section',
          { 'aria-label': name },
          h('h2', {}, name),
          rows.length ? table(['Name', 'Status', 'Started', 'Duration'], rows.map((execution) => [link(execution), badge(execution.status), new Date(execution.startDate).toLocaleString(), duration(execution.startDate, execution.stopDate)])) : h('p', { class: 'muted' }, 'No executions yet.'),
        );
      }),
    );
  };
  await render();
  let pending: number | undefined;
  const onStatus = () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => void render(), 150);
  };
  live.addEventListener('status', onStatus);
  return () => live.removeEventListener('status', onStatus);
}

function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, value === undefined ? '—' : JSON.stringify(value, null, 2));
}

/** One execution: graph coloured by state status, the state's input/output, the event timeline. */
export async function executionPage(root: HTMLElement, live: EventTarget, machine: string, name: string): Promise<() => void> {
  const machines = await get<{ name: string; definition: AslDefinition }[]>('/api/machines');
  const definition = machines.find((entry) => entry.name === machine)?.definition;
  if (!definition) {
    root.replaceChildren(h('p', {}, `Unknown machine ${machine}`));
    return () => undefined;
  }
  let selected: string | undefined;
  const render = async () => {
    const execution = await loadExecution(machine, name);
    const ran = execution.definition ?? definition;
    const status = statusOf(execution.events);
    const stateEvents = (state: string) => execution.events.filter((event) => event.stateName === state);
    const entered = selected ? [...stateEvents(selected)].reverse().find((event) => event.type === 'StateEntered') : undefined;
    const exited = selected ? [...stateEvents(selected)].reverse().find((event) => event.type === 'StateExited' || event.type === 'StateFailed') : undefined;
    const redrive = execution.status === 'FAILED' ? h('button', { type: 'button', id: 'redrive' }, 'Redrive from the failed state') : null;
    redrive?.addEventListener('click', async () => {
      const started = await post<{ name: string }>(`/api/executions/${machine}/${name}/redrive`, {});
      location.hash = `#/executions/${machine}/${started.name}`;
    });
    // A Distributed Map's child runs the Map's ItemProcessor: draw that, not the parent's machine.
    const processor = execution.parent ? ran.States[execution.parent.state]?.ItemProcessor : undefined;
    const graph = drawGraph(processor ?? ran, status, (state) => {
      selected = state;
      void render();
    });
    root.replaceChildren(
      ...compact(
      h('p', {}, h('a', { href: '#/executions' }, '← Executions')),
      h('h1', {}, name),
      h('p', {}, `${machine} · `, badge(execution.status), ` · started ${new Date(execution.startDate).toLocaleString()} · ${duration(execution.startDate, execution.stopDate)}`, execution.redriveFrom ? ` · redriven from ${execution.redriveFrom}` : ''),
      execution.parent ? h('p', {}, 'Child of ', h('a', { href: `#/executions/${machine}/${execution.parent.name}` }, execution.parent.name), ` (Distributed Map ${execution.parent.state})`) : null,
      execution.error ? h('p', { class: 'error', role: 'alert' }, `${execution.error}: ${execution.cause ?? ''}`) : null,
      redrive,
      execution.children?.length
        ? h('details', { class: 'children' }, h('summary', {}, `${execution.children.length} child executions (Distributed Map)`), h('ol', {}, ...execution.children.map((child) => h('li', {}, h('a', { href: `#/executions/${machine}/${child.name}` }, child.name), ' ', badge(child.status), ` · ${child.state}`))))
        : null,
      h('div', { class: 'split' }, h('div', { class: 'graph-box' }, graph), h(
        'section',
        { class: 'state-io', 'aria-label': 'State input and output', 'aria-live': 'polite' },
        selected ? h('h2', {}, selected) : h('h2', {}, 'Execution'),
        h('h3', {}, 'Input'),
        json(selected ? entered?.input : execution.input),
        h('h3', {}, selected && exited?.type === 'StateFailed' ? 'Error' : 'Output'),
        json(selected ? (exited?.type === 'StateFailed' ? { error: exited.error, cause: exited.cause } : exited?.output) : (execution.output ?? (execution.error ? { error: execution.error, cause: execution.cause } : undefined))),
      )),
      h('h2', {}, 'Events'),
      execution.express ? h('p', { class: 'muted' }, `An Express execution: Step Functions keeps no history for it. Its logs: ${execution.express.logGroup ?? 'the machine has no log group'}`) : null,
      execution.eventCount > TIMELINE_EVENTS ? h('p', { class: 'muted' }, `${execution.eventCount} events: the last ${TIMELINE_EVENTS} are listed, with each state's latest.`) : null,
      h(
        'ol',
        { class: 'timeline' },
        ...execution.events.map((event) =>
          h('li', { class: event.type }, h('time', {}, event.timestamp.slice(11, 23)), ` ${event.type}`, event.stateName ? ` · ${event.stateName}` : '', event.index !== undefined ? ` #${event.index}` : '', event.attempt !== undefined ? ` (retry ${event.attempt})` : '', event.error ? ` · ${event.error}` : ''),
        ),
      ),
      ),
    );
    if (selected) (root.querySelector(`[data-state="${CSS.escape(selected)}"]`) as SVGGElement | null)?.classList.add('selected');
  };
  await render();
  let pending: number | undefined;
  const onHistory = (event: Event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { machine: string; name: string };
    if (data.machine !== machine || data.name !== name) return;
    window.clearTimeout(pending);
    pending = window.setTimeout(() => void render(), 100);
  };
  live.addEventListener('history', onHistory);
  live.addEventListener('status', onHistory);
  return () => {
    live.removeEventListener('history', onHistory);
    live.removeEventListener('status', onHistory);
  };
}
