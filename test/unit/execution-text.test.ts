import type { HistoryEvent } from '../../src/ports/execution-history.js';
import { describeEvent, renderExecution, typeWidth } from '../../src/cli/execution-text.js';

const event = (id: number, type: string, stateName?: string): HistoryEvent => ({ id, timestamp: `2026-12-07T10:00:0${id}.000Z`, type, ...(stateName ? { stateName, stateType: 'Task' } : {}) });

/** Where the state name starts on each event line that names one. */
const stateColumns = (text: string) => new Set(text.split('\n').filter((line) => / \(Task\)/.test(line)).map((line) => line.indexOf('Fan (Task)')));

describe('executions show as text', () => {
  const events = [event(1, 'ExecutionStarted'), event(2, 'TaskStateEntered', 'Fan'), event(3, 'LambdaFunctionScheduleFailed', 'Fan'), event(4, 'ExecutionRedriven'), event(5, 'MapRunStarted', 'Fan'), event(6, 'TaskStateExited', 'Fan')];

  it('starts every state name in the same column, after the longest event type shown', () => {
    const text = renderExecution({ executionArn: 'arn', machine: 'fan', name: 'run-1', status: 'FAILED', input: {}, startDate: '2026-12-07T10:00:00.000Z', events, children: [] });
    expect([...stateColumns(text)]).toEqual([3 + 2 + 12 + 2 + 'LambdaFunctionScheduleFailed'.length + 2]);
  });

  it('is as wide as the longest type of the events printed together, no wider', () => {
    expect(typeWidth(events)).toBe(28);
    expect(typeWidth([event(1, 'TaskStateEntered')])).toBe(16);
    expect(describeEvent(event(2, 'TaskStateEntered', 'Fan'), 20)).toBe('  2  10:00:02.000  TaskStateEntered      Fan (Task)');
  });
});
