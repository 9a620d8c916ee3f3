import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { recordRejection } from '../workflows/clients/register.js';
import { onAws } from './compose.js';
import { pgClients } from './wiring/db.js';

const input = z.object({
  messageId: z.string().min(1),
  receivedAt: z.string().optional(),
  message: z.unknown(),
  validation: z.object({ valid: z.boolean(), reasons: z.array(z.string()).optional() }).optional(),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
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
