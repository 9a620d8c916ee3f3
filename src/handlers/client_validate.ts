import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { validate } from '../workflows/clients/register.js';
import { onAws } from './compose.js';

export const build = (deps: Ports) =>
  stateTask(deps, {
    name: 'client_validate',
    input: z.object({ message: z.unknown() }),
    handle: async ({ message }) => validate(message, deps.config.DEFAULT_PHONE_REGION),
  });

export const main = onAws({}, build, ['clients']);
