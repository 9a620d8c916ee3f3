import { get, post } from './api';
import { compact, formatNumber, h, table } from './dom';
import { describeFlag } from '../../src/domain/csv/drift-flag.js';
import { estimateNote, uniqueShown } from '../../src/domain/csv/estimates.js';
import type { ColumnSummary as Column } from '../../src/domain/csv/summary-schema.js';
import type { StoredFile } from '../../src/ports/summary-repository.js';
import { formatNumber as formatDomainNumber, formatStatistic } from '../../src/domain/format.js';

/** What GET /api/summaries lists: the stored files without their summaries. */
type FileRow = Omit<StoredFile, 'summary'>;
/** What GET /api/summaries/:id answers. */
type FileDetail = StoredFile;

/** Uploads with progress (XMLHttpRequest reports upload progress; fetch does not); resolves with the stored key and etag. */
function upload(file: File, dataset: string, dialect: Record<string, string>, onProgress: (fraction: number) => void): Promise<{ key: string; etag: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    // The dialect the user chose (empty: sniffed) goes with the object as its metadata (docs/csv.md).
    const forced = Object.entries(dialect).filter(([, value]) => value !== '').map(([name, value]) => `&${name}=${encodeURIComponent(value)}`).join('');
    request.open('POST', `/api/uploads?name=${encodeURIComponent(file.name)}&dataset=${encodeURIComponent(dataset)}${forced}`);
    request.setRequestHeader('content-type', 'text/csv');
    request.upload.addEventListener('progress', (event) => event.lengthComputable && onProgress(event.loaded / event.total));
    request.addEventListener('load', () => {
      let body: { key?: string; etag?: string; message?: string } = {};
      try {
        body = JSON.parse(request.responseText || '{}') as typeof body;
      } catch {
        // not JSON: the status says enough
      }
      if (request.status === 401) reject(new Error('this browser is not signed in: open the link `fluxo dev` printed'));
      else if (request.status < 300 && body.key) resolve({ key: body.key, etag: body.etag ?? '' });
      else reject(new Error(body.message ?? `the dev server refused it (${request.status})`));
    });
    request.addEventListener('error', () => reject(new Error('the upload did not reach the dev server: is `fluxo dev` still running?')));
    request.send(file);
  });
}

/** The dataset of a stored key: its folder under incoming/. */
const datasetOf = (key: string): string => key.replace(/^incoming\/?/, '').split('/').slice(0, -1).join('/');


/** A select of a dialect setting: the first option (empty value) leaves it to the sniffer. */
const choice = (id: string, options: [string, string][]) => h('select', { id }, ...options.map(([value, label]) => h('option', { value }, label)));

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export async function csvPage(root: HTMLElement, live: EventTarget): Promise<() => void> {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', id: 'csv-file', multiple: true });
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Upload progress', hidden: true });
  const message = h('div', { role: 'status', 'aria-live': 'polite' });
  const datasets = h('datalist', { id: 'datasets' });
  const dataset = h('input', { id: 'dataset', list: 'datasets', value: localStorage.getItem('fluxo.dataset') ?? '', placeholder: 'e.g. vendas', autocomplete: 'off' });
  const delimiter = choice('csv-delimiter', [['', 'sniffed'], [',', ','], [';', ';'], ['tab', 'tab'], ['|', '|']]);
  const decimal = choice('csv-decimal', [['', 'sniffed'], ['.', '. (1234.56)'], [',', ', (1.234,56)']]);
  const encoding = choice('csv-encoding', [['', 'sniffed'], ['utf-8', 'UTF-8'], ['windows-1252', 'Windows-1252'], ['latin1', 'Latin-1'], ['utf-16', 'UTF-16']]);
  const drop = h('div', { class: 'drop', tabindex: '0', 'aria-label': 'Drop CSV files here' }, h('p', {}, 'Drop CSV files here, or '), h('label', { for: 'csv-file' }, 'choose files'), input, progress);
  const list = h('div', {});
  /** Uploads whose summary is not stored yet: each one's line follows it to summarized or failed. */
  const pending = new Map<string, { name: string; key: string; etag: string; line: HTMLElement }>();
  const refresh = async () => {
    const files = await get<FileRow[]>('/api/summaries');
    datasets.replaceChildren(...[...new Set(files.map((file) => datasetOf(file.key)).filter(Boolean))].sort().map((value) => h('option', { value })));
    list.replaceChildren(
      files.length
        ? table(['File', 'Status', 'Rows', 'Drift', 'Reason'], files.map((file) => [h('a', { href: `#/csv/${file.id}` }, file.key), h('span', { class: `badge ${file.status}` }, file.status), file.rows, file.drift?.flags.length ? plural(file.drift.flags.length, 'flag') : '', file.reason]), 'Files')
        : h('p', { class: 'muted' }, 'No files yet.'),
    );
    for (const [id, sent] of pending) {
      const stored = files.find((file) => file.key === sent.key && (!file.etag || file.etag === sent.etag));
      if (!stored || (stored.status !== 'summarized' && stored.status !== 'failed')) continue;
      pending.delete(id);
      sent.line.className = stored.status === 'failed' ? 'error' : 'done';
      const said = stored.status === 'failed' ? `failed: ${stored.reason ?? 'see the file'}` : `summarized, ${plural(stored.rows ?? 0, 'row')}${stored.drift?.flags.length ? `, ${plural(stored.drift.flags.length, 'drift flag')}` : ''}`;
      sent.line.replaceChildren(`${sent.name}: ${said} · `, h('a', { href: `#/csv/${stored.id}` }, 'open'));
    }
  };
  const safeRefresh = () => refresh().catch((error: unknown) => message.append(h('p', { class: 'error' }, (error as Error).message)));
  const send = async (files: FileList | File[]) => {
    const folder = dataset.value.trim();
    localStorage.setItem('fluxo.dataset', folder);
    for (const file of Array.from(files)) {
      const line = h('p', {}, `Uploading ${file.name}…`);
      message.append(line);
      progress.hidden = false;
      progress.value = 0;
      try {
        const stored = await upload(file, folder, { delimiter: delimiter.value, decimal: decimal.value, encoding: encoding.value }, (fraction) => (progress.value = fraction));
        line.textContent = `${file.name}: uploaded to ${stored.key}; summarizing…`;
        pending.set(`${stored.key} ${stored.etag}`, { name: file.name, ...stored, line });
      } catch (error) {
        line.className = 'error';
        line.textContent = `${file.name}: ${(error as Error).message}`;
      } finally {
        progress.hidden = true;
      }
    }
    await safeRefresh();
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
  root.replaceChildren(
    h('h1', {}, 'CSV summaries'),
    h('p', { class: 'upload-form' }, h('label', { for: 'dataset' }, 'Dataset (folder under incoming/)'), dataset, datasets, h('span', { class: 'hint' }, 'Drift compares a file only with earlier files of its dataset.')),
    h('p', { class: 'upload-form' }, h('label', { for: 'csv-delimiter' }, 'Delimiter'), delimiter, h('label', { for: 'csv-decimal' }, 'Decimal'), decimal, h('label', { for: 'csv-encoding' }, 'Encoding'), encoding),
    drop,
    message,
    list,
  );
  await refresh();
  // Live: a CsvSummary execution that ends refreshes the list; a poll covers what the events miss.
  const onStatus = (event: Event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { machine?: string; status?: string };
    if (data.machine === 'csv-summary' && data.status !== 'RUNNING') void safeRefresh();
  };
  live.addEventListener('status', onStatus);
  const timer = window.setInterval(() => void safeRefresh(), 2000);
  return () => {
    window.clearInterval(timer);
    live.removeEventListener('status', onStatus);
  };
}

/**
 * A statistic in its column's decimals, as the text output prints it (formatStatistic): min and
 * max with exactly the column's decimals (14924.04 keeps its cents), a quartile exact to two
 * more, mean and std with at least them. Without `decimals`, a value is shown as given, a
 * computed one to 6 significant digits but never fewer than 2 decimals.
 */
export function columnNumber(value: Column['mean'], decimals: number | undefined, statistic: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return formatNumber(value);
  if (decimals !== undefined) return formatStatistic(value, statistic, decimals);
  if (statistic === 'min' || statistic === 'max') return String(value);
  const integerDigits = Math.abs(value) < 1 ? 1 : Math.floor(Math.log10(Math.abs(value))) + 1;
  return formatDomainNumber(value, { digits: Math.max(6, integerDigits + 2) });
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

/** "Summarize again": the stored file under a new execution name, whose page it then opens. */
function replayButton(id: number): HTMLElement {
  const said = h('span', { class: 'muted', role: 'status' });
  const button = h('button', { type: 'button' }, 'Summarize again');
  button.addEventListener('click', () => {
    button.setAttribute('disabled', '');
    said.textContent = ' starting…';
    post<{ execution: { machine: string; name: string } }>(`/api/summaries/${id}/replay`, {})
      .then(({ execution }) => {
        location.hash = `#/executions/${execution.machine}/${encodeURIComponent(execution.name)}`;
      })
      .catch((error: unknown) => {
        button.removeAttribute('disabled');
        said.textContent = ` ${error instanceof Error ? error.message : String(error)}`;
      });
  });
  return h('span', {}, button, said);
}

export async function summaryPage(root: HTMLElement, id: string): Promise<() => void> {
  const file = await get<FileDetail>(`/api/summaries/${encodeURIComponent(id)}`);
  const summary = file.summary;
  root.replaceChildren(
    ...compact(
      h('p', {}, h('a', { href: '#/csv' }, '← CSV summaries')),
      h('h1', {}, file.key),
      h('p', {}, h('span', { class: `badge ${file.status}` }, file.status), summary ? ` · ${summary.rows} rows · delimiter ${summary.delimiter === '\t' ? 'tab' : summary.delimiter} · ${summary.encoding} · decimal ${summary.decimal}` : ''),
      file.reason ? h('p', { class: 'error', role: 'alert' }, `Failed: ${file.reason}`) : null,
      h('p', {}, replayButton(file.id)),
      file.drift?.flags.length
        ? h('section', { 'aria-label': 'Drift' }, h('h2', {}, 'Drift'), h('p', { class: 'muted' }, `Against the previous file of the dataset ${datasetOf(file.key) || '(incoming/ itself)'}:`), h('ul', { class: 'drift' }, ...file.drift.flags.map((flag) => h('li', {}, describeFlag(flag)))))
        : null,
      summary
        ? h(
            'div',
            { class: 'csv-summary' },
            table(
              ['Column', 'Type', 'Chart', 'Count', 'Missing', 'Unique', 'Top', 'Freq', 'Mean', 'Std', 'Min', '25%', '50%', '75%', 'Max'],
              summary.columns.map((column) => {
                const stat = (value: Column['mean'], statistic: string) => columnNumber(value, column.decimals, statistic);
                return [column.name, column.type, chart(column), column.count, column.missing, column.estimate ? h('span', { title: estimateNote(column) }, uniqueShown(column)) : column.unique, column.top, column.freq, stat(column.mean, 'mean'), stat(column.std, 'std'), stat(column.min, 'min'), stat(column.p25, 'p25'), stat(column.p50, 'p50'), stat(column.p75, 'p75'), stat(column.max, 'max')];
              }),
              'Per-column statistics',
            ),
          )
        : null,
      ...(summary?.columns ?? []).filter((column) => column.estimate).map((column) => h('p', { class: 'muted estimate' }, `Estimate: ${estimateNote(column)}`)),
      ...(summary?.warnings ?? []).map((warning) => h('p', { class: 'warning' }, warning)),
    ),
  );
  return () => undefined;
}
