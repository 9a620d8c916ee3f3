import { z } from 'zod';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { runTool } from '../workflows/assistant/tools.js';
import { onAws } from './compose.js';
import { graphLedger } from './wiring/ledger.js';

const input = z.object({ callId: z.string().min(1), name: z.string().min(1), arguments: z.string() });

/** One function call of the model against the ledger; the output goes back as `function_call_output`. */
export const build = (deps: Ports<'ledger'>) =>
  stateTask(deps, {
    name: 'assistant_run_tool',
    input,
    handle: async (call, { logger }) => {
      let args: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(call.arguments);
        args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      } catch {
        return { callId: call.callId, output: JSON.stringify({ error: 'arguments are not valid JSON' }) };
      }
      const output = await runTool(deps.ledger, call.name, args, call.callId);
      logger.info({ tool: call.name, failed: Boolean((output as { error?: string }).error) }, 'tool ran');
      deps.metrics.count('ToolCalls', 1, { tool: call.name });
      return { callId: call.callId, output: JSON.stringify(output) };
    },
  });

export const main = onAws({ ledger: graphLedger }, build);
