import type { ExecutionHistory } from '../../ports/execution-history.js';
import type { MetricsSink } from '../../ports/metrics.js';

/** The machines deployed to AWS (statemachines/*.asl.json but the local `hello` sample). */
export const DEPLOYED_MACHINES = ['csv-summary', 'client-registration', 'assistant-turn'] as const;
/** At most this many executions per machine per run: GetExecutionHistory is one call per execution. */
export const MAX_EXECUTIONS_PER_RUN = 500;

export interface MachineTransitions {
  machine: string;
  executions: number;
  transitions: number;
  /** True when the window held more executions than were counted. */
  truncated: boolean;
}

/** The full hour before `at`: [hh-1:00, hh:00). */
export function previousHour(at: Date): { from: Date; to: Date } {
  const to = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  return { from: new Date(to.getTime() - 3_600_000), to };
}

/**
 * Counts the billed transitions of the executions that ended in a window and
 * emits them as business metrics (`Transitions`, `Executions`, by machine).
 */
export async function countTransitions(history: ExecutionHistory, metrics: MetricsSink, window: { from: Date; to: Date }, machines: readonly string[] = DEPLOYED_MACHINES): Promise<MachineTransitions[]> {
  const results: MachineTransitions[] = [];
  for (const machine of machines) {
    const closed = await history.closedBetween(machine, window.from, window.to, MAX_EXECUTIONS_PER_RUN);
    const transitions = closed.reduce((sum, execution) => sum + execution.transitions, 0);
    metrics.count('Transitions', transitions, { machine });
    metrics.count('Executions', closed.length, { machine });
    results.push({ machine, executions: closed.length, transitions, truncated: closed.length >= MAX_EXECUTIONS_PER_RUN });
  }
  return results;
}
