import { readFileSync } from 'node:fs';
import { scheduledEvent } from '../../../src/platform/aws-events.js';
import { eventShapeProblem } from '../../../src/platform/kinds/event-shape.js';
import { httpEvent, sqsEvent } from '../../support/events.js';

/** The README's sample event per kind ("Adding a function"), as a user copies it. */
const readmeSample = (kind: string): unknown => JSON.parse(new RegExp(`- \`${kind}\`: \`(\\{.*?\\})\``).exec(readFileSync('README.md', 'utf8'))?.[1] ?? 'null');

describe('the event a function of each kind is invoked with', () => {
  it('refuses, in one line saying the shape expected, an event of another shape', () => {
    expect(eventShapeProblem('sqs', 'billing_import', { id: 'b-1', payload: 'hello' })).toBe('billing_import is an SQS function: its event must be an SQS event, {"Records":[{"messageId":"m-1","body":"<the message as JSON text>"}]}');
    expect(eventShapeProblem('sqs', 'billing_import', { Records: [] })).toMatch(/^billing_import is an SQS function/);
    expect(eventShapeProblem('http', 'billing_web', { id: 'b-1' })).toMatch(/^billing_web is an HTTP function: its event must be an API Gateway HTTP API \(payload 2\.0\) request, \{/);
    expect(eventShapeProblem('scheduled', 'billing_tick', sqsEvent({ id: 'b-1' }))).toMatch(/^billing_tick is a scheduled function: its event must be an EventBridge scheduled event, \{/);
    for (const problem of [eventShapeProblem('sqs', 'x_y', 'text'), eventShapeProblem('http', 'x_y', null), eventShapeProblem('scheduled', 'x_y', [])]) expect(problem?.split('\n')).toHaveLength(1);
  });

  it("takes what Lambda hands each kind, the README's samples included; a task takes any state input", () => {
    expect(eventShapeProblem('sqs', 'client_ingest', JSON.parse(readFileSync('fixtures/events/new-client-sqs.json', 'utf8')))).toBeUndefined();
    expect(eventShapeProblem('sqs', 'x_y', sqsEvent({ id: 'b-1' }))).toBeUndefined();
    expect(eventShapeProblem('http', 'x_y', httpEvent({ method: 'POST', path: '/x/y', body: '{}' }))).toBeUndefined();
    for (const kind of ['sqs', 'http', 'task', 'scheduled'] as const) expect([kind, eventShapeProblem(kind, 'billing_import', readmeSample(kind))]).toEqual([kind, undefined]);
    expect(eventShapeProblem('scheduled', 'x_y', scheduledEvent('fluxo-dev-x-y'))).toBeUndefined();
    expect(eventShapeProblem('task', 'x_y', 'anything')).toBeUndefined();
  });
});
