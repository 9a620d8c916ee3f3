import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { chartSpec } from '../domain/assistant/chart.js';
import { toolCallLog } from '../domain/assistant/tool-call-log.js';
import { pollResponse } from '../workflows/assistant/turn.js';
import { onAws } from './compose.js';
import { openAiModel } from './wiring/model.js';

const input = z.object({ id: z.string().check(z.minLength(1)), polls: z.number().check(z.int(), z.gte(0)), rounds: z.number().check(z.int(), z.gte(0)), charts: z._default(z.array(chartSpec).check(z.maxLength(5)), []), toolCalls: z._default(z.array(toolCallLog), []) });

/** Retrieves a model response once; the machine's Wait / Choice loop decides what next. */
export const build = (deps: Ports<'model'>) => stateTask(deps, { name: 'assistant_poll', input, handle: async (event) => pollResponse(await deps.model(), event) });

export const main = onAws({ model: openAiModel }, build);
