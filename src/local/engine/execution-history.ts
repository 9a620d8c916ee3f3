import type { ClosedExecution, ExecutionHistory } from '../../ports/execution-history.js';
import type { ExecutionStore } from './execution-store.js';

/** The local engine's executions, read as Step Functions' ListExecutions / GetExecutionHistory would give them. */
export class LocalExecutionHistory implements ExecutionHistory {
  constructor(private readonly store: ExecutionStore) {}

  async closedBetween(machine: string, from: Date, to: Date, limit: number): Promise<ClosedExecution[]> {
    const closed: ClosedExecution[] = [];
    for (const brief of await this.store.list(machine)) {
      if (!brief.stopDate || Date.parse(brief.stopDate) < from.getTime() || Date.parse(brief.stopDate) >= to.getTime()) continue;
      const record = await this.store.get(machine, brief.name);
      closed.push({ name: record.name, status: record.status, transitions: record.events.filter((event) => event.type === 'StateEntered').length });
      if (closed.length >= limit) break;
    }
    return closed;
  }
}
