import './style.css';
import { get } from './api';
import { h } from './dom';
import { executionsPage } from './executions';
import { executionPage } from './execution';
import { csvPage, summaryPage } from './csv';
import { clientsPage } from './clients';
import { chatPage } from './chat';

const app = document.getElementById('app') as HTMLElement;
// `fluxo console --stage S` answers /api/console: a deployed stage has executions only, so the local sections go.
get<{ stage?: string }>('/api/console')
  .then(({ stage }) => {
    if (!stage) return;
    document.querySelectorAll<HTMLAnchorElement>('header nav a').forEach((link) => {
      if (link.hash !== '#/executions') link.remove();
    });
    document.querySelector('header .brand')?.append(` · stage ${stage}`);
  })
  .catch(() => undefined); // fluxo dev: every section is there
/** One EventSource for the whole console; pages listen to `status` and `history`. */
const live = new EventSource('/api/events');
let cleanup: () => void = () => undefined;
/** Which navigation is current: a page still loading for an older one renders into a detached view and is cleaned up. */
let navigation = 0;

async function route(): Promise<void> {
  cleanup();
  cleanup = () => undefined;
  const mine = ++navigation;
  // Each navigation gets its own view: a slower, older page can no longer draw over the newer one.
  const view = h('div', { class: 'view' });
  app.replaceChildren(view);
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('header nav a').forEach((link) => link.toggleAttribute('aria-current', (link as HTMLAnchorElement).hash === `#/${parts[0] ?? 'executions'}`));
  try {
    let done: () => void;
    // An execution by name, or by its ARN as the CLI takes it (a Distributed Map child's holds slashes).
    if (parts[0] === 'executions' && parts[1] && parts[2]) done = await executionPage(view, live, parts[1], parts.slice(2).join('/'));
    else if (parts[0] === 'csv' && parts[1]) done = await summaryPage(view, parts[1]);
    else if (parts[0] === 'csv') done = await csvPage(view, live);
    else if (parts[0] === 'clients') done = await clientsPage(view);
    else if (parts[0] === 'chat') done = await chatPage(view);
    else done = await executionsPage(view, live);
    if (mine === navigation) cleanup = done;
    else done();
  } catch (error) {
    if (mine === navigation) view.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
