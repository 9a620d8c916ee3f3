import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { sendReply } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';
import { twilioMessages } from './wiring/twilio.js';

const input = z.object({ to: z.string().min(1), text: z.string(), heard: z.object({ text: z.string() }).nullable().optional(), kind: z.enum(['answer', 'apology']).default('answer') });

/** Sends the answer (or the apology) over WhatsApp, split into 1600-character messages. */
export const build = (deps: Ports<'messages'>) =>
  stateTask(deps, {
    name: 'assistant_send_reply',
    input,
    handle: async (event) => {
      const sent = await sendReply(deps.messages, event.to, event.text, event.heard?.text);
      deps.metrics.count(event.kind === 'apology' ? 'TurnsFailed' : 'TurnsAnswered');
      return sent;
    },
  });

export const main = onAws({ messages: twilioMessages }, build);
