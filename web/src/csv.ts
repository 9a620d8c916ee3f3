import { get } from './api';
import { compact, formatNumber, h, table } from './dom';

interface FileRow {
  id: number;
  key: string;
  status: string;
  rows: number | null;
  reason: string | null;
  drift: { flags: { column: string; kind: string; detail: string }[] } | null;
  createdAt: string;
}

interface Column {
  name: string;
  type: string;
  count: number;
  missing: number;
  unique: number | null;
  top: string | null;
  freq: number | null;
  mean: number | string | null;
  std: number | null;
  min: number | string | null;
  p25: number | string | null;
  p50: number | string | null;
  p75: number | string | null;
  max: number | string | null;
}

interface FileDetail extends FileRow {
  summary: { rows: number; delimiter: string; encoding: string; decimal: string; columns: Column[]; warnings: string[] } | null;
}

/** Uploads with progress (XMLHttpRequest reports upload progress; fetch does not). */
function upload(file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/uploads?name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('content-type', 'text/csv');
    request.upload.addEventListener('progress', (event) => event.lengthComputable && onProgress(event.loaded / event.total));
    request.addEventListener('load', () => (request.status < 300 ? resolve() : reject(new Error(JSON.parse(request.responseText || '{}').message ?? request.statusText))));
    request.addEventListener('error', () => reject(new Error('upload failed')));
    request.send(file);
  });
}

export async function csvPage(root: HTMLElement): Promise<() => void> {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', id: 'csv-file', multiple: true });
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Upload progress' });
  const message = h('p', { role: 'status' });
  const drop = h('div', { class: 'drop', tabindex: '0', 'aria-label': 'Drop CSV files here' }, h('p', {}, 'Drop CSV files here, or '), h('label', { for: 'csv-file' }, 'choose files'), input, progress);
  const list = h('div', {});
  const refresh = async () => {
    const files = await get<FileRow[]>('/api/summaries');
    list.replaceChildren(
      files.length
        ? table(['File', 'Status', 'Rows', 'Drift', 'Reason'], files.map((file) => [h('a', { href: `#/csv/${file.id}` }, file.key), h('span', { class: `badge ${file.status}` }, file.status), file.rows, file.drift?.flags.length ? `${file.drift.flags.length} flags` : '', file.reason]), 'Files')
        : h('p', { class: 'muted' }, 'No files yet.'),
    );
  };
  const send = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      message.textContent = `Uploading ${file.name}…`;
      try {
        await upload(file, (fraction) => (progress.value = fraction));
        message.textContent = `${file.name} uploaded; summarizing…`;
      } catch (error) {
        message.textContent = `${file.name}: ${(error as Error).message}`;
      }
    }
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await refresh();
    }
  };
  input.addEventListener('change', () => input.files && void send(input.files));
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files) void send(event.dataTransfer.files);
  });
  root.replaceChildren(h('h1', {}, 'CSV summaries'), drop, message, list);
  await refresh();
  const timer = window.setInterval(() => void refresh(), 3000);
  return () => window.clearInterval(timer);
}

/** A small chart per column: a box plot for numbers and dates, the top value's share otherwise. */
function chart(column: Column): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('viewBox', '0 0 160 24');
  root.setAttribute('class', 'chart');
  root.setAttribute('role', 'img');
  const add = (tag: string, attributes: Record<string, string | number>) => {
    const element = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    root.append(element);
  };
  const numeric = [column.min, column.p25, column.p50, column.p75, column.max].map((value) => (typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN));
  if (numeric.every((value) => Number.isFinite(value))) {
    const [min, p25, p50, p75, max] = numeric as [number, number, number, number, number];
    const x = (value: number) => 5 + (max === min ? 75 : ((value - min) / (max - min)) * 150);
    add('line', { x1: x(min), x2: x(max), y1: 12, y2: 12, stroke: '#6b7280' });
    add('rect', { x: x(p25), y: 4, width: Math.max(1, x(p75) - x(p25)), height: 16, fill: '#bfdbfe', stroke: '#2563eb' });
    add('line', { x1: x(p50), x2: x(p50), y1: 4, y2: 20, stroke: '#1d4ed8', 'stroke-width': 2 });
    root.setAttribute('aria-label', `box plot of ${column.name}: min ${formatNumber(column.min)}, median ${formatNumber(column.p50)}, max ${formatNumber(column.max)}`);
  } else {
    const share = column.count ? (column.freq ?? 0) / column.count : 0;
    add('rect', { x: 5, y: 4, width: 150, height: 16, fill: '#e5e7eb' });
    add('rect', { x: 5, y: 4, width: 150 * share, height: 16, fill: '#34d399' });
    root.setAttribute('aria-label', `top value ${column.top ?? ''} is ${(share * 100).toFixed(0)}% of ${column.name}`);
  }
  return root;
}

export async function summaryPage(root: HTMLElement, id: string): Promise<() => void> {
  const file = await get<FileDetail>(`/api/summaries/${id}`);
  const summary = file.summary;
  root.replaceChildren(
    ...compact(
    h('p', {}, h('a', { href: '#/csv' }, '← CSV summaries')),
    h('h1', {}, file.key),
    h('p', {}, h('span', { class: `badge ${file.status}` }, file.status), summary ? ` · ${summary.rows} rows · delimiter ${summary.delimiter === '\t' ? 'tab' : summary.delimiter} · ${summary.encoding} · decimal ${summary.decimal}` : ''),
    file.reason ? h('p', { class: 'error', role: 'alert' }, `Failed: ${file.reason}`) : null,
    file.drift?.flags.length ? h('section', { 'aria-label': 'Drift' }, h('h2', {}, 'Drift'), h('ul', { class: 'drift' }, ...file.drift.flags.map((flag) => h('li', {}, `${flag.column}: ${flag.kind.replace(/_/g, ' ')} (${flag.detail})`)))) : null,
    summary
      ? table(
          ['Column', 'Type', 'Chart', 'Count', 'Missing', 'Unique', 'Top', 'Freq', 'Mean', 'Std', 'Min', '25%', '50%', '75%', 'Max'],
          summary.columns.map((column) => [column.name, column.type, chart(column), column.count, column.missing, column.unique, column.top, column.freq, formatNumber(column.mean), formatNumber(column.std), formatNumber(column.min), formatNumber(column.p25), formatNumber(column.p50), formatNumber(column.p75), formatNumber(column.max)]),
          'Per-column statistics',
        )
      : null,
    ...(summary?.warnings ?? []).map((warning) => h('p', { class: 'warning' }, warning)),
    ),
  );
  return () => undefined;
}
