import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { recordRejection } from '../workflows/clients/register.js';
import { onAws } from './compose.js';
import { pgClients } from './wiring/db.js';

const input = z.object({
  messageId: z.string().check(z.minLength(1)),
  receivedAt: z.optional(z.string()),
  message: z.unknown(),
  validation: z.optional(z.object({ valid: z.boolean(), reasons: z.optional(z.array(z.string())) })),
  error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

export const build = (deps: Ports<'clients'>) =>
  stateTask(deps, {
    name: 'client_reject',
    input,
    handle: async (state) => {
      const recorded = await recordRejection(await deps.clients(), state);
      deps.metrics.count('ClientsRejected');
      return recorded;
    },
  });

export const main = onAws({ clients: pgClients }, build);
