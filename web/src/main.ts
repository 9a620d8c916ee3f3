import './style.css';
import { h } from './dom';
import { executionPage, executionsPage } from './executions';
import { csvPage, summaryPage } from './csv';
import { clientsPage } from './clients';
import { chatPage } from './chat';

const app = document.getElementById('app') as HTMLElement;
/** One EventSource for the whole console; pages listen to `status` and `history`. */
const live = new EventSource('/api/events');
let cleanup: () => void = () => undefined;

async function route(): Promise<void> {
  cleanup();
  cleanup = () => undefined;
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('header nav a').forEach((link) => link.toggleAttribute('aria-current', (link as HTMLAnchorElement).hash === `#/${parts[0] ?? 'executions'}`));
  try {
    if (parts[0] === 'executions' && parts[1] && parts[2]) cleanup = await executionPage(app, live, parts[1], parts[2]);
    else if (parts[0] === 'csv' && parts[1]) cleanup = await summaryPage(app, parts[1]);
    else if (parts[0] === 'csv') cleanup = await csvPage(app);
    else if (parts[0] === 'clients') cleanup = await clientsPage(app);
    else if (parts[0] === 'chat') cleanup = await chatPage(app);
    else cleanup = await executionsPage(app, live);
  } catch (error) {
    app.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
