import { get, post, type AslDefinition, type Execution, type HistoryEvent } from './api';
import { compact, duration, h, table } from './dom';
import { badge } from './executions';
import { drawGraph, legend, statusOf } from './graph';
import { followExecution, TIMELINE_EVENTS, type ExecutionView, type Followed } from './history';
import { formatMs, json, readable, stateStats } from './states';
import { graphViewport, type View } from './viewport';

type Mode = 'graph' | 'table';

/** An event's details, when it has any: input, output, error and cause (a JSON cause as a document). */
function details(event: HistoryEvent): Record<string, unknown> | undefined {
  const shown = Object.fromEntries(Object.entries({ input: event.input, output: event.output, error: event.error, cause: readable(event.cause) }).filter(([, value]) => value !== undefined));
  return Object.keys(shown).length ? shown : undefined;
}

function eventItem(event: HistoryEvent): HTMLElement {
  const line = compact(h('time', {}, event.timestamp.slice(11, 23)), ` ${event.type}`, event.stateName ? ` · ${event.stateName}` : '', event.index !== undefined ? ` #${event.index}` : '', event.attempt !== undefined ? ` (retry ${event.attempt})` : '', event.error ? ` · ${event.error}` : '');
  const more = details(event);
  return h('li', { class: event.type, 'data-event': String(event.id) }, more ? h('details', {}, h('summary', {}, ...line), json(more)) : h('span', {}, ...line));
}

/** The execution's failure in words: the error, and a Lambda error document's message rather than its escaped JSON. */
function failure(execution: Execution): HTMLElement | null {
  if (!execution.error) return null;
  const cause = readable(execution.cause);
  const message = typeof cause === 'object' && cause !== null && 'errorMessage' in cause ? String((cause as { errorMessage: unknown }).errorMessage) : typeof cause === 'string' ? cause : '';
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, h('strong', {}, execution.error), message ? `: ${message}` : ''), typeof cause === 'object' && cause !== null ? h('details', {}, h('summary', {}, 'Cause'), json(cause)) : null);
}

/** Asks before a redrive, showing what will run again (the preview `fluxo executions redrive --stage` prints); Cancel does nothing. */
function confirmRedrive(root: HTMLElement, name: string, lines: string[], redrive: () => Promise<void>): Promise<void> {
  const [intro = '', ...items] = lines;
  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': 'redrive-title' },
    h('h2', { id: 'redrive-title' }, `Redrive ${name}?`),
    h('p', {}, intro),
    h('ul', { class: 'plan' }, ...items.map((line) => h('li', {}, line.trim()))),
    h('form', { method: 'dialog', class: 'actions' }, h('button', { value: 'cancel', class: 'secondary', autofocus: true }, 'Cancel'), h('button', { value: 'redrive' }, 'Redrive')),
  );
  root.append(dialog);
  dialog.showModal();
  return new Promise((resolve, reject) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (dialog.returnValue === 'redrive') redrive().then(resolve, reject);
      else resolve();
    });
  });
}

/** One execution: graph (or table) of states coloured by status, a state's input and output, the events. */
export async function executionPage(root: HTMLElement, live: EventTarget, machine: string, name: string): Promise<() => void> {
  const machines = await get<{ name: string; definition: AslDefinition }[]>('/api/machines');
  const definition = machines.find((entry) => entry.name === machine)?.definition;
  if (!definition) {
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, `There is no machine called ${machine}.`));
    return () => undefined;
  }
  // `fluxo console --stage` answers /api/console with its stage; `fluxo dev` has no such route.
  const stage = await get<{ stage?: string }>('/api/console').then((answer) => answer.stage, () => undefined);
  let selected: string | undefined;
  let mode: Mode = localStorage.getItem('fluxo.states-view') === 'table' ? 'table' : 'graph';
  const view: View = {};
  let following: Followed | undefined;
  let execution: ExecutionView;
  let drawing: number | undefined;
  /** Reads the execution again from the start (the first time, after a redrive, on the local console's live events). */
  const render = async () => {
    following?.close();
    const followed = await followExecution(machine, name, stage !== undefined, (view) => {
      if (following !== followed) return;
      execution = view;
      window.clearTimeout(drawing);
      drawing = window.setTimeout(draw, 100);
    });
    following = followed;
    execution = followed.view;
    draw();
  };
  const draw = () => {
    // A deployed stage's execution names the definition it ran.
    const ran = execution.definition ?? definition;
    const status = statusOf(execution.events);
    const stats = stateStats(execution.events);
    const stateEvents = (state: string) => execution.events.filter((event) => event.stateName === state);
    const entered = selected ? [...stateEvents(selected)].reverse().find((event) => event.type === 'StateEntered') : undefined;
    const exited = selected ? [...stateEvents(selected)].reverse().find((event) => event.type === 'StateExited' || event.type === 'StateFailed') : undefined;
    // Step Functions also redrives aborted and timed-out executions, never an Express child (its parent reruns it).
    const redrivable = !execution.express && (execution.status === 'FAILED' || (stage !== undefined && (execution.status === 'ABORTED' || execution.status === 'TIMED_OUT')));
    // A deployed stage's button opens the preview, which says what will run (or that it fails again at once): its label claims nothing.
    const label = stage ? 'Redrive…' : execution.status === 'FAILED' ? 'Redrive from the failed state' : 'Redrive from where it stopped';
    const redrive = redrivable ? h('button', { type: 'button', id: 'redrive' }, label) : null;
    const base = `/api/executions/${encodeURIComponent(machine)}/${encodeURIComponent(name)}`;
    const redriveNow = async () => {
      const started = await post<{ name: string }>(`${base}/redrive`, {});
      // Step Functions redrives an execution in place (same name): read it again; the local engine starts a new one.
      if (started.name === name) void render();
      else location.hash = `#/executions/${machine}/${started.name}`;
    };
    redrive?.addEventListener('click', () => {
      // A deployed stage's redrive reruns production work in place: show what will run again and ask first.
      const run = stage ? get<{ lines: string[] }>(`${base}/redrive-plan`).then((plan) => confirmRedrive(root, name, plan.lines, redriveNow)) : redriveNow();
      run.catch((error: unknown) => redrive.after(h('p', { class: 'error', role: 'alert' }, (error as Error).message)));
    });
    const select = (state: string) => {
      selected = state;
      draw();
      // Keyboard users stay on the state they chose; the input and output come into view.
      root.querySelector<HTMLElement>(`[data-state="${CSS.escape(state)}"]`)?.focus({ preventScroll: true });
      root.querySelector<HTMLElement>('.state-io')?.scrollIntoView({ block: 'nearest' });
    };
    // A Distributed Map's child runs the Map's ItemProcessor: draw that, not the parent's machine.
    const processor = execution.parent ? ran.States[execution.parent.state]?.ItemProcessor : undefined;
    const drawn = processor ?? ran;
    const toggle = (target: Mode, text: string) => {
      const button = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(mode === target) }, text);
      button.addEventListener('click', () => {
        mode = target;
        localStorage.setItem('fluxo.states-view', mode);
        draw();
      });
      return button;
    };
    const states =
      mode === 'graph'
        ? graphViewport(drawGraph(drawn, status, select, stats), view)
        : table(
            ['State', 'Type', 'Status', 'Duration', 'Attempts'],
            Object.entries(drawn.States).map(([state, spec]) => {
              const button = h('button', { type: 'button', class: 'link', 'data-state': state }, state);
              button.addEventListener('click', () => select(state));
              const own = status.get(state) ?? 'not-reached';
              return [button, spec.Type, h('span', { class: `badge ${own}` }, own.replace('-', ' ')), formatMs(stats.get(state)?.durationMs), stats.get(state)?.entries ? String(stats.get(state)?.attempts) : ''];
            }),
            'States',
          );
    // Events opened stay open across live updates.
    const open = new Set([...root.querySelectorAll('.timeline li:has(details[open])')].map((item) => (item as HTMLElement).dataset.event));
    root.replaceChildren(
      ...compact(
        h('p', {}, h('a', { href: '#/executions' }, '← Executions')),
        h('h1', { class: 'name' }, name),
        h('p', {}, `${machine} · `, badge(execution.status), ` · started ${new Date(execution.startDate).toLocaleString(undefined, { timeZoneName: 'short' })} · ${duration(execution.startDate, execution.stopDate)}`, execution.redriveFrom ? ` · redriven from ${execution.redriveFrom}` : '', execution.redriveOf ? h('span', {}, ' · continues ', h('a', { href: `#/executions/${machine}/${execution.redriveOf}` }, execution.redriveOf)) : null),
        execution.parent ? h('p', {}, 'Child of ', h('a', { href: `#/executions/${machine}/${execution.parent.name}` }, execution.parent.name), ` (Distributed Map ${execution.parent.state})`) : null,
        execution.status === 'RUNNING' ? null : failure(execution),
        redrive,
        execution.children?.length
          ? h('details', { class: 'children' }, h('summary', {}, `${execution.children.length} child executions (Distributed Map)`), h('ol', {}, ...execution.children.map((child) => h('li', {}, h('a', { href: `#/executions/${machine}/${child.name}` }, child.name), ' ', badge(child.status), ` · ${child.state}`))))
          : null,
        h(
          'div',
          { class: 'split' },
          h(
            'section',
            { class: 'graph-box', 'aria-label': 'States' },
            h('div', { class: 'states-head' }, h('div', { class: 'toggle', role: 'group', 'aria-label': 'Show the states as' }, toggle('graph', 'Graph'), toggle('table', 'Table')), mode === 'graph' ? legend() : null),
            h('p', { class: 'hint' }, mode === 'graph' ? 'Click a state, or Tab to it and press Enter, to see its input and output. Drag or arrow keys move the graph; Ctrl+wheel, pinch or + / − zoom; 0 fits.' : 'Choose a state to see its input and output.'),
            states,
          ),
          h(
            'section',
            { class: 'state-io', 'aria-label': 'State input and output', 'aria-live': 'polite' },
            selected ? h('h2', {}, selected) : h('h2', {}, 'Execution'),
            selected && stats.get(selected)?.entries ? h('p', { class: 'muted' }, [formatMs(stats.get(selected)?.durationMs), `${stats.get(selected)?.attempts ?? 1} attempt${stats.get(selected)?.attempts === 1 ? '' : 's'}`].filter(Boolean).join(' · ')) : null,
            h('h3', {}, 'Input'),
            json(selected ? entered?.input : execution.input),
            h('h3', {}, selected && exited?.type === 'StateFailed' ? 'Error' : 'Output'),
            json(selected ? (exited?.type === 'StateFailed' ? { error: exited.error, cause: readable(exited.cause) } : exited?.output) : (execution.output ?? (execution.error ? { error: execution.error, cause: readable(execution.cause) } : undefined))),
            ...(selected ? mapPanel(execution, machine, selected) : []),
          ),
        ),
        h('h2', {}, 'Events'),
        // The log group by name, as the CLI gives it (the ARN ends :log-group:<name>:*).
        execution.express ? h('p', { class: 'muted' }, `An Express execution: Step Functions keeps no history for it. Its logs: ${execution.express.logGroup ? (/:log-group:([^:]+)/.exec(execution.express.logGroup)?.[1] ?? execution.express.logGroup) : 'the machine has no log group'}`) : null,
        execution.eventCount > TIMELINE_EVENTS ? h('p', { class: 'muted' }, `${execution.eventCount} events: the last ${TIMELINE_EVENTS} are listed, with each state's latest.`) : null,
        execution.events.length ? h('p', { class: 'hint' }, 'Open an event to see its input, output or error.') : null,
        h('ol', { class: 'timeline' }, ...execution.events.map(eventItem)),
      ),
    );
    if (selected) root.querySelector(`[data-state="${CSS.escape(selected)}"]`)?.classList.add('selected');
    for (const item of root.querySelectorAll<HTMLElement>('.timeline li')) if (open.has(item.dataset.event)) item.querySelector('details')?.setAttribute('open', '');
  };
  await render();
  let pending: number | undefined;
  const onHistory = (event: Event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { machine: string; name: string; status?: string };
    if (data.machine !== machine || data.name !== name) return;
    // A followed stream already brings this execution's events and status: read it again only when the status moved without it (a redrive elsewhere).
    if (following?.live() || (stage && data.status === execution.status)) return;
    window.clearTimeout(pending);
    pending = window.setTimeout(() => void render(), 100);
  };
  live.addEventListener('history', onHistory);
  live.addEventListener('status', onHistory);
  return () => {
    following?.close();
    window.clearTimeout(drawing);
    live.removeEventListener('history', onHistory);
    live.removeEventListener('status', onHistory);
  };
}

/** A state's caught error, and a Distributed Map's Map Run counts and children: what its panel adds to the input and output. */
function mapPanel(execution: Execution, machine: string, state: string): (Node | string)[] {
  const caught = [...execution.events].reverse().find((event) => event.stateName === state && event.type === 'StateCaught');
  const run = execution.mapRuns?.find((item) => item.state === state);
  const children = (execution.children ?? []).filter((child) => child.state === state);
  const counts = run ? Object.entries(run.items).filter(([key, count]) => count > 0 && key !== 'resultsWritten').map(([key, count]) => `${key} ${count}`).join(', ') : '';
  return compact(
    caught ? h('h3', {}, 'Caught error') : null,
    caught ? json({ error: caught.error, cause: readable(caught.cause) }) : null,
    run ? h('p', { class: 'map-run' }, `Map Run ${run.status.toLowerCase()}: ${counts}`) : null,
    children.length ? h('h3', {}, 'Child executions') : null,
    children.length ? h('ol', { class: 'state-children' }, ...children.map((child) => h('li', {}, h('a', { href: `#/executions/${machine}/${encodeURIComponent(child.name)}` }, child.name), ' ', badge(child.status)))) : null,
  );
}
