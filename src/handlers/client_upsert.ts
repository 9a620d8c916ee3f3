import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { storedClient } from '../domain/clients/client.js';
import { upsert } from '../workflows/clients/register.js';
import { onAws } from './compose.js';
import { pgClients } from './wiring/db.js';

const input = z.object({
  messageId: z.string().check(z.minLength(1)),
  client: storedClient,
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
