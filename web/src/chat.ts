import { get, post } from './api';
import { h, table } from './dom';
import type { ChatTurn as Turn, ThreadEntry } from '../../src/local/stack/chat-turn.js';
import type { StoredRow } from '../../src/ports/ledger.js';

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const SENDER = /^whatsapp:\+\d{8,15}$/;

/** A WhatsApp-like conversation with the assistant, as any sender; the ledger beside it. */
export async function chatPage(root: HTMLElement): Promise<() => void> {
  const sender = h('input', { id: 'sender', name: 'sender', value: localStorage.getItem('fluxo.sender') ?? 'whatsapp:+5511999990000', autocomplete: 'off', inputmode: 'tel' });
  const thread = h('ol', { class: 'thread', 'aria-label': 'Conversation', 'aria-live': 'polite' });
  const status = h('p', { role: 'status', class: 'muted' });
  const message = h('input', { id: 'message', name: 'message', autocomplete: 'off', placeholder: 'gastei 32,50 no almoço hoje', 'aria-label': 'Message' });
  const send = h('button', { type: 'submit' }, 'Send');
  const form = h('form', { class: 'composer', 'aria-label': 'Send a WhatsApp message' }, message, send);
  const voice = h('input', { id: 'voice', type: 'file', accept: 'audio/*,.ogg,.opus' });
  const record = h('button', { type: 'button', class: 'secondary' }, 'Record');
  const voiceRow = h('p', { class: 'voice' }, h('label', { for: 'voice' }, 'Voice note'), voice, typeof MediaRecorder === 'undefined' ? null : record);
  const lastTurn = h('div', {});
  const ledger = h('div', { class: 'ledger' });

  const from = () => sender.value.trim();
  const refresh = async () => {
    if (!SENDER.test(from())) return;
    const [entries, expenses] = await Promise.all([get<ThreadEntry[]>(`/api/conversation?from=${encodeURIComponent(from())}`), get<StoredRow[]>(`/api/expenses?from=${encodeURIComponent(from())}`)]);
    thread.replaceChildren(
      ...entries.map((entry) =>
        h(
          'li',
          { class: `bubble ${entry.direction}` },
          entry.voice ? h('span', { class: 'muted' }, '🎙️ voice note ') : null,
          entry.image ? h('figure', {}, h('img', { src: entry.image, alt: entry.text, class: 'chart' }), h('figcaption', {}, entry.text)) : entry.text,
          h('small', {}, new Date(entry.at).toLocaleTimeString(), entry.execution ? ' · ' : '', entry.execution ? h('a', { href: `#/executions/assistant-turn/${entry.execution}` }, 'execution') : null),
        ),
      ),
    );
    if (!entries.length) thread.replaceChildren(h('li', { class: 'muted' }, 'No messages yet from this number.'));
    thread.lastElementChild?.scrollIntoView({ block: 'nearest' });
    // A chart arrives after the layout: keep the newest message in view once it has its height.
    for (const image of thread.querySelectorAll('img')) image.addEventListener('load', () => thread.lastElementChild?.scrollIntoView({ block: 'nearest' }), { once: true });
    const total = expenses.reduce((sum, row) => sum + row.amount, 0);
    // The amount comes right after the date, and the text columns wrap: Valor is never out of sight.
    ledger.replaceChildren(
      h('h2', {}, 'Ledger'),
      expenses.length
        ? table(['Data', 'Valor', 'Categoria', 'Descrição'], expenses.map((row) => [row.date.split('-').reverse().join('/'), brl.format(row.amount), row.category, row.description]), `ledger.xlsx, this sender: ${expenses.length} rows, ${brl.format(total)}`)
        : h('p', { class: 'muted' }, 'No expenses yet.'),
    );
  };

  const show = (turn: Turn) => {
    lastTurn.replaceChildren(
      h(
        'details',
        {},
        h('summary', {}, `Last turn: ${turn.status}, ${turn.transitions} transitions, ${turn.toolCalls.length} tool call${turn.toolCalls.length === 1 ? '' : 's'}`),
        turn.heard !== null ? h('p', {}, `Heard: "${turn.heard}"`) : null,
        ...turn.toolCalls.map((call) => h('pre', { class: 'json' }, `${call.name}(${JSON.stringify(call.arguments)})\n→ ${JSON.stringify(call.result, null, 1)}`)),
        h('a', { href: `#/executions/assistant-turn/${turn.executionName}` }, 'Open the execution'),
      ),
    );
  };

  const busy = async (label: string, action: () => Promise<Turn>) => {
    if (!SENDER.test(from())) {
      status.textContent = 'The sender must look like whatsapp:+5511999990000';
      return;
    }
    localStorage.setItem('fluxo.sender', from());
    send.disabled = true;
    status.textContent = label;
    const pending = h('li', { class: 'bubble in pending' }, message.value || '🎙️ voice note');
    thread.append(pending);
    try {
      const turn = await action();
      status.textContent = '';
      show(turn);
    } catch (error) {
      status.textContent = (error as Error).message;
    } finally {
      send.disabled = false;
      await refresh().catch((error: unknown) => (status.textContent = (error as Error).message));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = message.value.trim();
    if (!text) return;
    void busy('The assistant is typing…', async () => {
      const turn = await post<Turn>(`/api/chat?from=${encodeURIComponent(from())}`, { text });
      message.value = '';
      return turn;
    });
  });
  const sendAudio = (blob: Blob, name: string) => void busy('Transcribing the voice note…', () => post<Turn>(`/api/chat?from=${encodeURIComponent(from())}&name=${encodeURIComponent(name)}`, blob, blob.type || 'audio/ogg'));
  voice.addEventListener('change', () => {
    const file = voice.files?.[0];
    if (file) sendAudio(file, file.name);
    voice.value = '';
  });
  let recorder: MediaRecorder | undefined;
  record.addEventListener('click', async () => {
    if (recorder?.state === 'recording') return recorder.stop();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
      recorder.addEventListener('stop', () => {
        stream.getTracks().forEach((track) => track.stop());
        record.textContent = 'Record';
        const type = recorder?.mimeType || 'audio/webm';
        sendAudio(new Blob(chunks, { type }), type.includes('ogg') ? 'recording.ogg' : 'recording.webm');
      });
      recorder.start();
      record.textContent = 'Stop and send';
    } catch (error) {
      status.textContent = `Cannot record here: ${(error as Error).message}`;
    }
  });
  sender.addEventListener('change', () => void refresh());

  root.replaceChildren(
    h('h1', {}, 'Chat'),
    h('p', { class: 'sender' }, h('label', { for: 'sender' }, 'Chatting as'), sender),
    h('div', { class: 'split' }, h('section', { class: 'phone', 'aria-label': 'WhatsApp' }, thread, status, form, voiceRow, lastTurn), h('section', {}, ledger)),
  );
  await refresh();
  message.focus();
  return () => recorder?.stop();
}
