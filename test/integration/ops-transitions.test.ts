import type { MemoryMetrics } from '../../src/adapters/local/memory-metrics.js';
import { chat } from '../../src/local/stack/chat.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { silentLogger } from '../../src/platform/logger.js';
import { countTransitions, previousHour } from '../../src/workflows/ops/transitions.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await createLocalStack({ waitScale: 0, logger: silentLogger() });
});
afterAll(() => stack.close());

describe('ops_transitions (hourly transitions metric)', () => {
  it('counts the transitions of the executions that ended in the previous hour, per machine', async () => {
    await chat(stack, { text: 'gastei 10 reais no café hoje' });
    await chat(stack, { text: 'oi' });
    await stack.engine.run('hello', { name: 'Ana' });
    const nextHour = new Date(Date.now() + 3_600_000).toISOString();
    await stack.functions.invoke('ops_transitions', { id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: nextHour, detail: {} });
    const totals = (stack.deps.metrics as MemoryMetrics).totals;
    expect(totals.get('Transitions machine=assistant-turn')).toBe(15 + 9);
    expect(totals.get('Executions machine=assistant-turn')).toBe(2);
    expect(totals.get('Transitions machine=client-registration')).toBe(0);
    expect(totals.has('Transitions machine=hello')).toBe(false);
    // An hour with nothing in it counts nothing.
    const empty = await countTransitions(stack.deps.history, { count: () => undefined }, previousHour(new Date(Date.now() - 3_600_000)), ['assistant-turn', 'hello']);
    expect(empty.map((machine) => machine.executions)).toEqual([0, 0]);
  });

  it('takes the full hour before the event time as the window', () => {
    const { from, to } = previousHour(new Date('2026-11-23T10:07:30Z'));
    expect([from.toISOString(), to.toISOString()]).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-23T10:00:00.000Z']);
  });
});
