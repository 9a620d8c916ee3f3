/**
 * Builds execution histories in the shapes Step Functions' GetExecutionHistory
 * returns (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 * ids from 1, each event naming the one before it, details in `<type>EventDetails`,
 * inputs and outputs as JSON strings, timestamps in epoch seconds (as the JSON 1.0 wire carries them).
 */
export interface WireEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export function lambdaArn(fn: string, stage = 'dev'): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fluxo-${stage}-${fn}`;
}

const detailsKey = (type: string) => `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;

export class HistoryBuilder {
  readonly events: WireEvent[] = [];
  private clock: number;

  constructor(start = Date.UTC(2026, 11, 7, 12, 0, 0) / 1000) {
    this.clock = start;
  }

  get last(): number {
    return this.events.length;
  }

  /** One event after `previous` (default: the last one); details go under the type's own key. */
  add(type: string, details?: Record<string, unknown>, previous = this.last, detailsName = type): number {
    this.clock += 0.137;
    const event: WireEvent = { id: this.events.length + 1, previousEventId: previous, timestamp: Math.round(this.clock * 1000) / 1000, type };
    if (details) event[detailsKey(detailsName)] = details;
    this.events.push(event);
    return event.id;
  }

  started(input: unknown): this {
    this.add('ExecutionStarted', { input: JSON.stringify(input), inputDetails: { truncated: false }, roleArn: `arn:aws:iam::${ACCOUNT}:role/fluxo-dev-csv-summary-role` }, 0);
    return this;
  }

  entered(kind: string, name: string, input: unknown, previous = this.last): number {
    return this.add(`${kind}StateEntered`, { name, input: JSON.stringify(input), inputDetails: { truncated: false } }, previous, 'StateEntered');
  }

  exited(kind: string, name: string, output: unknown, previous = this.last): number {
    return this.add(`${kind}StateExited`, { name, output: JSON.stringify(output), outputDetails: { truncated: false } }, previous, 'StateExited');
  }

  /** A Task whose Resource is a Lambda ARN: LambdaFunctionScheduled/Started/Succeeded|Failed, each failure but the last retried. */
  lambda(name: string, fn: string, input: unknown, outcome: { output: unknown } | { error: string; cause: string }, options: { failuresBefore?: number; exit?: boolean } = {}): this {
    this.entered('Task', name, input);
    for (let attempt = 0; attempt < (options.failuresBefore ?? 0); attempt++) {
      this.add('LambdaFunctionScheduled', { resource: lambdaArn(fn), input: JSON.stringify(input), inputDetails: { truncated: false }, timeoutInSeconds: 60 });
      this.add('LambdaFunctionStarted');
      this.add('LambdaFunctionFailed', { error: 'TransientError', cause: '{"errorType":"TransientError","errorMessage":"connection reset"}' });
    }
    this.add('LambdaFunctionScheduled', { resource: lambdaArn(fn), input: JSON.stringify(input), inputDetails: { truncated: false }, timeoutInSeconds: 60 });
    this.add('LambdaFunctionStarted');
    if ('output' in outcome) {
      this.add('LambdaFunctionSucceeded', { output: JSON.stringify(outcome.output), outputDetails: { truncated: false } });
      if (options.exit !== false) this.exited('Task', name, outcome.output);
    } else {
      this.add('LambdaFunctionFailed', { error: outcome.error, cause: outcome.cause });
    }
    return this;
  }

  /** A Task on an AWS SDK integration: TaskScheduled/TaskStarted/TaskSucceeded. */
  sdkTask(name: string, resource: string, parameters: unknown, output: unknown): this {
    this.entered('Task', name, parameters);
    this.add('TaskScheduled', { resourceType: resource.split(':')[0], resource: resource.split(':').slice(1).join(':'), region: REGION, parameters: JSON.stringify(parameters) });
    this.add('TaskStarted', { resourceType: resource.split(':')[0], resource: resource.split(':').slice(1).join(':') });
    this.add('TaskSucceeded', { resourceType: resource.split(':')[0], resource: resource.split(':').slice(1).join(':'), output: JSON.stringify(output), outputDetails: { truncated: false } });
    this.exited('Task', name, output);
    return this;
  }

  pass(kind: 'Choice' | 'Pass', name: string, value: unknown): this {
    this.entered(kind, name, value);
    this.exited(kind, name, value);
    return this;
  }

  /** A Distributed Map: MapStateEntered, MapRunStarted, MapRunSucceeded|MapRunFailed (children run elsewhere). */
  distributedMap(name: string, input: unknown, mapRunArn: string, outcome: { output: unknown } | { error: string; cause: string }): this {
    this.entered('Map', name, input);
    this.add('MapRunStarted', { mapRunArn });
    if ('output' in outcome) {
      this.add('MapRunSucceeded');
      this.exited('Map', name, outcome.output);
    } else {
      this.add('MapRunFailed', { error: outcome.error, cause: outcome.cause });
    }
    return this;
  }

  succeeded(output: unknown): this {
    this.add('ExecutionSucceeded', { output: JSON.stringify(output), outputDetails: { truncated: false } });
    return this;
  }

  failed(error: string, cause: string): this {
    this.add('ExecutionFailed', { error, cause });
    return this;
  }
}
