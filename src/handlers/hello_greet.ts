import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { greet } from '../workflows/hello/greet.js';
import { onAws } from './compose.js';

const input = z.object({ name: z.string().trim().min(1).max(100), loud: z.boolean().optional() });

export const build = (deps: Ports) => stateTask(deps, { name: 'hello_greet', input, handle: async (event) => greet(event) });

export const main = onAws({}, build);
