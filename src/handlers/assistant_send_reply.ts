import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { chartSpec } from '../domain/assistant/chart.js';
import { sendReply, type PngRenderer } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';
import { twilioMessages } from './wiring/twilio.js';

const input = z.object({
  to: z.string().check(z.minLength(1)),
  text: z.string(),
  heard: z.optional(z.nullable(z.object({ text: z.string() }))),
  kind: z._default(z.enum(['answer', 'apology']), 'answer'),
  charts: z._default(z.array(chartSpec).check(z.maxLength(5)), []),
  executionName: z.optional(z.string()),
});

/** resvg is loaded on the first chart: a reply without one never pays its init. */
const renderPng: PngRenderer = async (svg) => (await import('../adapters/chart/resvg.js')).renderPng(svg);

/** Sends the answer (or the apology) over WhatsApp, split into 1600-character messages, and the turn's charts as images. */
export const build = (deps: Ports<'messages'>) =>
  stateTask(deps, {
    name: 'assistant_send_reply',
    input,
    handle: async (event) => {
      const sent = await sendReply(deps.messages, { to: event.to, text: event.text, heard: event.heard?.text, charts: event.charts, turn: event.executionName }, renderPng);
      deps.metrics.count(event.kind === 'apology' ? 'TurnsFailed' : 'TurnsAnswered');
      return sent;
    },
  });

export const main = onAws({ messages: twilioMessages }, build);
