import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { runToolCall, toolCallInput } from '../workflows/assistant/tools.js';
import { onAws } from './compose.js';
import { dynamoKv } from './wiring/kv.js';
import { graphLedger } from './wiring/ledger.js';

/** One function call of the model against the sender's rows of the ledger (deletions journaled in the conversations table); the output goes back as `function_call_output`. */
export const build = (deps: Ports<'ledger' | 'kv'>) =>
  stateTask(deps, {
    name: 'assistant_run_tool',
    input: toolCallInput,
    handle: async (call, { logger }) => {
      const { failed, ...answer } = await runToolCall({ ledger: deps.ledger, journal: { kv: deps.kv, table: deps.config.CONVERSATIONS_TABLE } }, call);
      logger.info({ tool: call.name, failed }, 'tool ran');
      deps.metrics.count('ToolCalls', 1, { tool: call.name });
      return answer;
    },
  });

export const main = onAws({ ledger: graphLedger, kv: dynamoKv }, build, ['conversations']);
