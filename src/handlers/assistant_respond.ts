import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { respond, respondInput } from '../workflows/assistant/respond.js';
import { onAws } from './compose.js';
import { openAiModel } from './wiring/model.js';

/** Creates a background model response (Responses API, store: true); the machine polls it. */
export const build = (deps: Ports<'model'>) =>
  stateTask(deps, {
    name: 'assistant_respond',
    input: respondInput,
    handle: async (event, { logger }) => respond(await deps.model(), event, () => logger.warn("the conversation's previous response is gone (expired); starting a new chain")),
  });

export const main = onAws({ model: openAiModel }, build);
