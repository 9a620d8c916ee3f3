import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { sendReply } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';

const input = z.object({ to: z.string().min(1), text: z.string(), heard: z.object({ text: z.string() }).nullable().optional() });

/** Sends the answer (or the apology) over WhatsApp, split into 1600-character messages. */
export const build = (deps: Deps) => stateTask(deps, { name: 'assistant_send_reply', input, handle: async (event) => sendReply(deps.messages, event.to, event.text, event.heard?.text) });

export const main = onAws(build);
