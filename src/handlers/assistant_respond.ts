import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { createResponse } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';
import { openAiModel } from './wiring/model.js';

const attribute = z.object({ S: z.string() }).optional();
const input = z.union([
  // The user's message (text, or what was heard in a voice note), chained to the conversation.
  z.object({
    text: z.string(),
    heard: z.object({ text: z.string() }).nullable(),
    conversation: z.object({ responseId: attribute }).loose().nullable().optional(),
    receivedAt: z.iso.datetime().optional(),
  }),
  // Tool outputs, chained to the response that asked for them.
  z.object({
    previousResponseId: z.string().min(1),
    rounds: z.number().int().min(0),
    outputs: z.array(z.object({ callId: z.string().min(1), output: z.string() })).min(1),
    receivedAt: z.iso.datetime().optional(),
  }),
]);

/** Creates a background model response (Responses API, store: true); the machine polls it. */
export const build = (deps: Ports<'model'>) =>
  stateTask(deps, {
    name: 'assistant_respond',
    input,
    handle: async (event, { logger }) => {
      const model = await deps.model();
      // "hoje" is the day the message arrived, in São Paulo, even when the turn is redriven later.
      const now = event.receivedAt ? new Date(event.receivedAt) : new Date();
      if ('outputs' in event) return createResponse(model, { outputs: event.outputs, previousResponseId: event.previousResponseId, rounds: event.rounds }, now);
      const text = event.heard?.text.trim() || event.text;
      return createResponse(model, { text, previousResponseId: event.conversation?.responseId?.S }, now, () => logger.warn('the conversation\'s previous response is gone (expired); starting a new chain'));
    },
  });

export const main = onAws({ model: openAiModel }, build);
