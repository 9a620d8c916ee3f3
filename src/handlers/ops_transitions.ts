import { scheduled } from '../platform/kinds/scheduled.js';
import type { Ports } from '../ports/index.js';
import { countTransitions, previousHour } from '../workflows/ops/transitions.js';
import { onAws } from './compose.js';
import { sfnHistory } from './wiring/workflows.js';

/** Hourly: the transitions of the executions that ended in the previous hour, per machine, as EMF metrics. */
export const build = (deps: Ports<'history'>) =>
  scheduled(deps, {
    name: 'ops_transitions',
    handle: async (event, { logger }) => {
      const window = previousHour(new Date(event.time ?? Date.now()));
      const counted = await countTransitions(deps.history, deps.metrics, window);
      logger.info({ from: window.from.toISOString(), to: window.to.toISOString(), counted }, 'transitions counted');
    },
  });

export const main = onAws({ history: sfnHistory }, build);
