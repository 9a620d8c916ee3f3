import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { greet } from '../workflows/hello/greet.js';
import { onAws } from './compose.js';

const input = z.object({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), loud: z.optional(z.boolean()) });

export const build = (deps: Ports) => stateTask(deps, { name: 'hello_greet', input, handle: async (event) => greet(event) });

export const main = onAws({}, build);
