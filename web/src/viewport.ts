import { h } from './dom';

/** Where the graph is looked at: screen pixels per graph unit, and the graph point at the top left. */
export interface View {
  scale?: number;
  x?: number;
  y?: number;
  /** The box's height in pixels, set with the first view. */
  height?: number;
}

/** State names are 12 graph units tall: the default view never draws them under 11 px. */
const READABLE = 11 / 12;
const MAX_SCALE = 3;
const MIN_SCALE = 0.15;

/**
 * A graph in its own box: fitted to the box's width unless that would make
 * names too small to read (then it starts at the top, readable, and moves).
 * Drag or arrow keys move it; Ctrl+wheel, pinch, the buttons or +/- zoom; 0 or
 * "Fit" shows it whole. `view` keeps the position across redraws.
 */
export function graphViewport(graph: SVGSVGElement, view: View): HTMLElement {
  const base = graph.viewBox.baseVal;
  const content = { x: base.x, y: base.y, width: base.width, height: base.height };
  graph.setAttribute('preserveAspectRatio', 'xMinYMin meet');
  graph.removeAttribute('width');
  const box = h('div', { class: 'graph-viewport', tabindex: '0', role: 'group', 'aria-label': 'State machine graph: arrow keys move it, + and - zoom, 0 fits it in the box' }, graph);

  const size = () => ({ width: box.clientWidth || 600, height: box.clientHeight || 400 });
  const apply = () => {
    const { width, height } = size();
    const scale = view.scale ?? 1;
    graph.setAttribute('viewBox', `${view.x ?? 0} ${view.y ?? 0} ${width / scale} ${height / scale}`);
    box.dataset.scale = scale.toFixed(3);
  };
  const fit = () => {
    const { width, height } = size();
    view.scale = Math.max(MIN_SCALE, Math.min(width / content.width, height / content.height, MAX_SCALE));
    view.x = content.x - (width / view.scale - content.width) / 2;
    view.y = content.y - (height / view.scale - content.height) / 2;
    apply();
  };
  const initial = () => {
    const { width } = size();
    view.scale = Math.min(Math.max(width / content.width, READABLE), 1.25);
    view.height = Math.round(Math.min(Math.max(content.height * view.scale + 8, 220), window.innerHeight * 0.7));
    box.style.height = `${view.height}px`;
    const visible = width / view.scale;
    // Too wide to show whole: start where the machine starts (its Start box), not at the left edge.
    const start = graph.querySelector<SVGGraphicsElement>('.start')?.getBBox();
    view.x = visible >= content.width || !start ? content.x - Math.max(0, (visible - content.width) / 2) : Math.min(Math.max(start.x + start.width / 2 - visible / 2, content.x), content.x + content.width - visible);
    view.y = content.y;
    // The first failed state is what the page is opened for: bring it into view if this start leaves it out.
    const failed = graph.querySelector<SVGGraphicsElement>('g.state[data-status="failed"]')?.getBBox();
    if (failed) {
      const tall = view.height / view.scale;
      const into = (at: number, length: number, from: number, seen: number, whole: number, start: number) => (at >= from && at + length <= from + seen ? from : Math.min(Math.max(at + length / 2 - seen / 2, start), start + Math.max(whole - seen, 0)));
      view.x = into(failed.x, failed.width, view.x, visible, content.width, content.x);
      view.y = into(failed.y, failed.height, view.y, tall, content.height, content.y);
    }
    apply();
  };
  const zoom = (factor: number, at?: { x: number; y: number }) => {
    const { width, height } = size();
    const scale = view.scale ?? 1;
    const next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
    const px = at?.x ?? width / 2;
    const py = at?.y ?? height / 2;
    // The graph point under the pointer stays under it.
    view.x = (view.x ?? 0) + px / scale - px / next;
    view.y = (view.y ?? 0) + py / scale - py / next;
    view.scale = next;
    apply();
  };
  const move = (dx: number, dy: number) => {
    const scale = view.scale ?? 1;
    view.x = (view.x ?? 0) + dx / scale;
    view.y = (view.y ?? 0) + dy / scale;
    apply();
  };

  box.addEventListener('wheel', (event) => {
    if (event.ctrlKey || event.metaKey) {
      // A trackpad pinch arrives as Ctrl+wheel.
      event.preventDefault();
      const rect = box.getBoundingClientRect();
      zoom(Math.exp(-event.deltaY / 200), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    } else if (event.shiftKey || Math.abs(event.deltaX) > 0) {
      event.preventDefault();
      move(event.deltaX || event.deltaY, 0);
    }
  }, { passive: false });
  box.addEventListener('keydown', (event) => {
    const step = 60;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => move(-step, 0),
      ArrowRight: () => move(step, 0),
      ArrowUp: () => move(0, -step),
      ArrowDown: () => move(0, step),
      '+': () => zoom(1.25),
      '=': () => zoom(1.25),
      '-': () => zoom(0.8),
      '0': fit,
    };
    const action = keys[event.key];
    if (action && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      action();
    }
  });
  // One pointer drags; two pinch.
  const pointers = new Map<number, { x: number; y: number }>();
  let spread = 0;
  box.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) spread = distance([...pointers.values()]);
  });
  box.addEventListener('pointermove', (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const now = { x: event.clientX, y: event.clientY };
    pointers.set(event.pointerId, now);
    if (pointers.size === 1) {
      if (Math.abs(now.x - last.x) + Math.abs(now.y - last.y) > 0) box.classList.add('dragging');
      move(last.x - now.x, last.y - now.y);
    } else if (pointers.size === 2 && spread > 0) {
      const next = distance([...pointers.values()]);
      const rect = box.getBoundingClientRect();
      const [a, b] = [...pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      zoom(next / spread, { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top });
      spread = next;
    }
  });
  const up = (event: PointerEvent) => {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) spread = 0;
    window.setTimeout(() => box.classList.remove('dragging'), 0);
  };
  box.addEventListener('pointerup', up);
  box.addEventListener('pointercancel', up);
  // A state reached with Tab is brought into view.
  box.addEventListener('focusin', (event) => {
    const target = event.target as SVGGraphicsElement;
    if (target === (box as unknown) || typeof target.getBBox !== 'function') return;
    const bounds = target.getBBox();
    const { width, height } = size();
    const scale = view.scale ?? 1;
    const [x, y] = [view.x ?? 0, view.y ?? 0];
    if (bounds.x < x || bounds.y < y || bounds.x + bounds.width > x + width / scale || bounds.y + bounds.height > y + height / scale) {
      view.x = bounds.x + bounds.width / 2 - width / scale / 2;
      view.y = bounds.y + bounds.height / 2 - height / scale / 2;
      apply();
    }
  });

  const button = (label: string, title: string, action: () => void) => {
    const element = h('button', { type: 'button', class: 'secondary', title, 'aria-label': title }, label);
    element.addEventListener('click', action);
    return element;
  };
  const controls = h('div', { class: 'graph-controls', role: 'toolbar', 'aria-label': 'Graph view' }, button('+', 'Zoom in', () => zoom(1.25)), button('−', 'Zoom out', () => zoom(0.8)), button('Fit', 'Fit the whole graph in the box', fit));
  const wrapper = h('div', { class: 'graph-frame' }, controls, box);
  // Sized once the box is in the page: the first view, or the kept one.
  if (view.height) box.style.height = `${view.height}px`;
  requestAnimationFrame(() => (view.scale === undefined ? initial() : apply()));
  // A drag that ends on a state does not select it.
  box.addEventListener('click', (event) => box.classList.contains('dragging') && event.stopPropagation(), true);
  new ResizeObserver(() => apply()).observe(box);
  return wrapper;
}

function distance(points: { x: number; y: number }[]): number {
  const [a, b] = points as [{ x: number; y: number }, { x: number; y: number }];
  return Math.hypot(a.x - b.x, a.y - b.y);
}
