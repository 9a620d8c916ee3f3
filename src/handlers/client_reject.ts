import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { recordRejection, rejectionState } from '../workflows/clients/register.js';
import { onAws } from './compose.js';
import { pgClients } from './wiring/db.js';

export const build = (deps: Ports<'clients'>) =>
  stateTask(deps, {
    name: 'client_reject',
    input: rejectionState,
    handle: async (state) => {
      const recorded = await recordRejection(await deps.clients(), state);
      deps.metrics.count('ClientsRejected');
      return recorded;
    },
  });

export const main = onAws({ clients: pgClients }, build);
