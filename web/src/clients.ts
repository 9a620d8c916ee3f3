import { ApiError, get, post, type Execution } from './api';
import { h, table } from './dom';
import type { RecordedRejection as Rejection, StoredClient as Client } from '../../src/ports/client-repository.js';

interface Published {
  messageId: string;
  execution?: { machine: string; name: string };
}

const OUTCOME: Record<string, string> = { created: 'Created: a new client.', updated: 'Updated: the client was known, and changed.', unchanged: 'Unchanged: the client was already registered with these details.', rejected: 'Rejected' };

/** The registration's outcome, read from its execution: created, updated, unchanged or rejected (with the reason). */
async function outcomeOf(published: Published, show: (node: HTMLElement) => void): Promise<void> {
  const target = published.execution;
  if (!target) return;
  const link = h('a', { href: `#/executions/${target.machine}/${target.name}` }, 'the registration');
  for (let attempt = 0; attempt < 40; attempt++) {
    const execution = await get<Execution>(`/api/executions/${target.machine}/${target.name}`).catch((error: unknown) => (error instanceof ApiError && /not found/i.test(error.message) ? undefined : Promise.reject(error)));
    if (execution && execution.status !== 'RUNNING') {
      const output = (execution.output ?? {}) as { outcome?: string; reason?: string };
      const outcome = output.outcome ?? (execution.status === 'SUCCEEDED' ? 'done' : 'failed');
      const words = outcome === 'rejected' ? `Rejected: ${output.reason ?? 'no reason given'}.` : (OUTCOME[outcome] ?? `The registration ${execution.status.toLowerCase()}${execution.error ? `: ${execution.error}` : ''}.`);
      return show(h('p', { class: `outcome ${outcome}`, role: 'status' }, `${words} `, h('small', {}, '(', link, ')')));
    }
    show(h('p', { class: 'outcome', role: 'status' }, 'Published; registering… ', h('small', {}, '(', link, ')')));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function clientsPage(root: HTMLElement): Promise<() => void> {
  const field = (id: string, label: string, type = 'text') => h('p', {}, h('label', { for: id }, label), h('input', { id, name: id, type, autocomplete: 'off' }));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': 'Publish a NewClientNotification' }, field('name_costumer', 'Name'), field('email', 'Email', 'email'), field('phone', 'Phone', 'tel'), h('button', { type: 'submit' }, 'Publish NewClientNotification'));
  form.setAttribute('novalidate', '');
  const lists = h('div', {});
  const refresh = async () => {
    const [clients, rejections] = await Promise.all([get<Client[]>('/api/clients'), get<Rejection[]>('/api/clients/rejections')]);
    lists.replaceChildren(
      h('h2', {}, 'Clients'),
      clients.length ? table(['Name', 'Email', 'Phone', 'Id', 'Updated'], clients.map((client) => [client.name, client.email, client.phone, client.id, new Date(client.updatedAt).toLocaleString()]), 'Registered clients') : h('p', { class: 'muted' }, 'No clients yet.'),
      h('h2', {}, 'Rejections'),
      rejections.length ? table(['Reason', 'Payload (masked)', 'Message', 'Recorded'], rejections.map((rejection) => [rejection.reason, h('code', { class: 'payload' }, JSON.stringify(rejection.payload)), rejection.messageId.slice(0, 8), new Date(rejection.recordedAt).toLocaleString()]), 'Rejected messages') : h('p', { class: 'muted' }, 'No rejections.'),
    );
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const published = await post<Published>('/api/clients', data);
      form.reset();
      await outcomeOf(published, (node) => status.replaceChildren(node));
      await refresh();
    } catch (error) {
      status.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  });
  root.replaceChildren(h('h1', {}, 'Clients'), form, status, lists);
  await refresh();
  return () => undefined;
}
