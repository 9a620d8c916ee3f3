import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { upsert } from '../workflows/clients/register.js';
import { onAws } from './compose.js';
import { pgClients } from './wiring/db.js';

const input = z.object({
  messageId: z.string().min(1),
  client: z.object({ name: z.string().min(1), email: z.string().min(3), phone: z.string().min(4), externalId: z.string().optional(), source: z.string().optional() }),
});

export const build = (deps: Ports<'clients'>) =>
  stateTask(deps, {
    name: 'client_upsert',
    input,
    handle: async ({ client, messageId }) => {
      const stored = await upsert(await deps.clients(), client, messageId);
      deps.metrics.count('ClientsRegistered');
      return stored;
    },
  });

export const main = onAws({ clients: pgClients }, build);
