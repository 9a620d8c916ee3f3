import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Deps } from '../ports/index.js';
import { pollResponse } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';

const input = z.object({ id: z.string().min(1), polls: z.number().int().min(0), rounds: z.number().int().min(0) });

/** Retrieves a model response once; the machine's Wait / Choice loop decides what next. */
export const build = (deps: Deps) => stateTask(deps, { name: 'assistant_poll', input, handle: async (event) => pollResponse(await deps.model(), event) });

export const main = onAws(build);
