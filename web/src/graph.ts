import dagre from '@dagrejs/dagre';
import type { AslDefinition, AslState, HistoryEvent } from './api';
import { h } from './dom';
import { statsLine, type StateStats } from './states';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'running' | 'not-reached';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Where each state can go next: Next, Choices, Default, Catch. */
export function transitions(state: AslState): { to: string; label?: string }[] {
  const out: { to: string; label?: string }[] = [];
  if (state.Next) out.push({ to: state.Next });
  for (const choice of state.Choices ?? []) out.push({ to: choice.Next, label: 'choice' });
  if (state.Default) out.push({ to: state.Default, label: 'default' });
  for (const catcher of state.Catch ?? []) out.push({ to: catcher.Next, label: `catch ${catcher.ErrorEquals.join(',')}` });
  return out;
}

/** The status of every state, nested ones included, from the execution history. */
export function statusOf(events: HistoryEvent[]): Map<string, StateStatus> {
  const status = new Map<string, StateStatus>();
  for (const event of events) {
    // A deployed execution redriven in place: what failed runs again (its new events follow).
    if (event.type === 'ExecutionRedriven') for (const [state, was] of status) if (was === 'failed') status.set(state, 'running');
    const name = event.stateName;
    if (!name || event.type.startsWith('MapIteration') || event.type.startsWith('Execution')) continue;
    if (event.type === 'StateEntered') status.set(name, 'running');
    else if (event.type === 'StateExited' && status.get(name) !== 'caught') status.set(name, 'succeeded');
    else if (event.type === 'StateFailed') status.set(name, 'failed');
    else if (event.type === 'StateCaught') status.set(name, 'caught');
    else if (event.type === 'StateRetried') status.set(name, 'running');
  }
  return status;
}

const SHAPE: Record<string, string> = { Choice: 'choice', Map: 'map', Parallel: 'map', Wait: 'wait', Pass: 'pass', Succeed: 'end', Fail: 'end', Task: 'task' };

/**
 * Draws the machine with dagre's layout: one box per state (Map states list
 * their inner states), coloured by status; each box is a button that selects the state.
 */
export function drawGraph(definition: AslDefinition, status: Map<string, StateStatus>, onSelect: (state: string) => void, stats = new Map<string, StateStats>()): SVGSVGElement {
  const typeLine = (name: string, state: AslState) => [state.Type, statsLine(stats.get(name))].filter(Boolean).join(' · ');
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  const entries = Object.entries(definition.States);
  for (const [name, state] of entries) {
    const inner = Object.keys((state.ItemProcessor ?? state.Iterator)?.States ?? {});
    const longest = Math.max(name.length * 8, typeLine(name, state).length * 7, ...inner.map((innerName) => innerName.length * 7.5 + 16));
    graph.setNode(name, { width: Math.max(150, longest + 30), height: 44 + inner.length * 18 });
  }
  graph.setNode('__start', { width: 60, height: 26 });
  graph.setEdge('__start', definition.StartAt);
  for (const [name, state] of entries) for (const { to } of transitions(state)) if (definition.States[to]) graph.setEdge(name, to);
  dagre.layout(graph);
  // The view covers every node and every edge point: long edges (a Catch from far above) can bend outside the nodes' box.
  const { width = 400, height = 300 } = graph.graph();
  let [minX, minY, maxX, maxY] = [0, 0, width, height];
  for (const edge of graph.edges()) {
    for (const point of (graph.edge(edge).points ?? []) as { x: number; y: number }[]) {
      minX = Math.min(minX, point.x - 8);
      minY = Math.min(minY, point.y - 8);
      maxX = Math.max(maxX, point.x + 8);
      maxY = Math.max(maxY, point.y + 8);
    }
  }
  const root = svg('svg', { viewBox: `${minX} ${minY} ${maxX - minX} ${maxY - minY}`, width: '100%', role: 'group', 'aria-label': 'State machine graph', class: 'graph' });
  const defs = svg('defs', {});
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#6b7280' }));
  defs.append(marker);
  root.append(defs);
  for (const edge of graph.edges()) {
    const points = graph.edge(edge).points ?? [];
    root.append(svg('polyline', { points: points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(' '), fill: 'none', stroke: '#9ca3af', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)' }));
  }
  for (const node of graph.nodes()) {
    const box = graph.node(node);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    if (node === '__start') {
      const start = svg('g', { class: 'start' });
      start.append(svg('rect', { x, y, width: box.width, height: box.height, rx: 13 }), label(box.x, box.y + 4, 'Start'));
      root.append(start);
      continue;
    }
    const state = definition.States[node] as AslState;
    const inner = (state.ItemProcessor ?? state.Iterator)?.States ?? {};
    const innerNames = Object.keys(inner);
    const own = status.get(node) ?? 'not-reached';
    const group = svg('g', { class: `state ${SHAPE[state.Type] ?? 'task'} ${own}`, tabindex: 0, role: 'button', 'data-state': node, 'data-status': own, 'aria-label': `${node} (${state.Type}): ${own.replace('-', ' ')}` });
    group.append(svg('rect', { x, y, width: box.width, height: box.height, rx: state.Type === 'Choice' ? 20 : 6 }));
    group.append(label(box.x, y + 18, node, 'name'), label(box.x, y + 33, typeLine(node, state), 'type'));
    innerNames.forEach((innerName, index) => {
      const innerStatus = status.get(innerName) ?? 'not-reached';
      const line = label(box.x, y + 50 + index * 18, `▸ ${innerName}`, `inner ${innerStatus}`);
      line.setAttribute('data-state', innerName);
      line.setAttribute('data-status', innerStatus);
      group.append(line);
    });
    const select = () => onSelect(node);
    group.addEventListener('click', select);
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
    root.append(group);
  }
  return root;
}

const LEGEND: [StateStatus, string][] = [
  ['succeeded', 'succeeded'],
  ['failed', 'failed'],
  ['caught', 'failed, caught'],
  ['running', 'running'],
  ['not-reached', 'not reached'],
];

/** What the colours mean. */
export function legend(): HTMLElement {
  return h('ul', { class: 'legend', 'aria-label': 'Status colours' }, ...LEGEND.map(([status, text]) => h('li', {}, h('span', { class: `swatch ${status}`, 'aria-hidden': 'true' }), text)));
}

function label(x: number, y: number, text: string, cls = ''): SVGTextElement {
  const element = svg('text', { x, y, 'text-anchor': 'middle', class: cls });
  element.textContent = text;
  return element;
}
