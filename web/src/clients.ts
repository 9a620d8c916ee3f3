import { get, post } from './api';
import { h, table } from './dom';

interface Client {
  id: number;
  name: string;
  email: string;
  phone: string;
  updatedAt: string;
}

interface Rejection {
  messageId: string;
  reason: string;
  payload: unknown;
  recordedAt: string;
}

export async function clientsPage(root: HTMLElement): Promise<() => void> {
  const field = (id: string, label: string, type = 'text') => h('p', {}, h('label', { for: id }, label), h('input', { id, name: id, type, autocomplete: 'off' }));
  const status = h('p', { role: 'status' });
  const form = h('form', { 'aria-label': 'Publish a NewClientNotification' }, field('name_costumer', 'Name'), field('email', 'Email', 'email'), field('phone', 'Phone', 'tel'), h('button', { type: 'submit' }, 'Publish NewClientNotification'));
  form.setAttribute('novalidate', '');
  const lists = h('div', {});
  const refresh = async () => {
    const [clients, rejections] = await Promise.all([get<Client[]>('/api/clients'), get<Rejection[]>('/api/clients/rejections')]);
    lists.replaceChildren(
      h('h2', {}, 'Clients'),
      clients.length ? table(['Id', 'Name', 'Email', 'Phone', 'Updated'], clients.map((client) => [client.id, client.name, client.email, client.phone, new Date(client.updatedAt).toLocaleString()]), 'Registered clients') : h('p', { class: 'muted' }, 'No clients yet.'),
      h('h2', {}, 'Rejections'),
      rejections.length ? table(['Message', 'Reason', 'Payload (masked)', 'Recorded'], rejections.map((rejection) => [rejection.messageId.slice(0, 8), rejection.reason, JSON.stringify(rejection.payload), new Date(rejection.recordedAt).toLocaleString()]), 'Rejected messages') : h('p', { class: 'muted' }, 'No rejections.'),
    );
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const { messageId } = await post<{ messageId: string }>('/api/clients', data);
      status.textContent = `Published ${messageId}`;
      form.reset();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await refresh();
    }
  });
  root.replaceChildren(h('h1', {}, 'Clients'), form, status, lists);
  await refresh();
  return () => undefined;
}
