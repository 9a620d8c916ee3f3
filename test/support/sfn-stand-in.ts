import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireEvent } from './sfn-history.js';

/**
 * A local stand-in for a deployed stage's Step Functions: the JSON 1.0 protocol
 * (`POST /`, `X-Amz-Target: AWSStepFunctions.<Action>`, `application/x-amz-json-1.0`,
 * epoch-second timestamps) for the read calls fluxo makes and RedriveExecution.
 * moto's Step Functions cannot run machines (../shared/NOTES.md), so histories are
 * served as given. Pages are short on purpose: a history page holds at most
 * `historyPage` events (fewer than maxResults) and still carries a nextToken.
 */
export interface StandInMachine {
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  definition: unknown;
  logGroupArn?: string;
}

export interface StandInExecution {
  machine: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  events?: WireEvent[];
  /** Set on a Distributed Map's (Express) child. */
  mapRunArn?: string;
  redriveCount?: number;
}

export interface StandInMapRun {
  mapRunArn: string;
  parent: string;
  status: string;
  counts: Record<string, number>;
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const executionArnOf = (machine: string, name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${name}`;
export const mapRunArnOf = (machine: string, label: string, id: string) => `arn:aws:states:${REGION}:${ACCOUNT}:mapRun:${machine}/${label}:${id}`;
export const childArnOf = (machine: string, label: string, id: string, name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:express:${machine}/${label}:${id}/${name}`;

export class SfnStandIn {
  readonly machines: StandInMachine[] = [];
  readonly executions = new Map<string, StandInExecution & { arn: string }>();
  readonly mapRuns: StandInMapRun[] = [];
  /** Actions answered with AccessDeniedException. */
  readonly denied = new Set<string>();
  /** Actions answered with ThrottlingException this many more times. */
  readonly throttled = new Map<string, number>();
  /** Every action called, in order. */
  readonly calls: string[] = [];
  /** Every GetExecutionHistory call: whose, and whether newest first (what a follower polls). */
  readonly historyReads: { name: string; reverse: boolean }[] = [];
  historyPage = 7;
  listPage = 2;
  private server?: Server;

  addMachine(machine: StandInMachine): void {
    this.machines.push(machine);
  }

  addExecution(execution: StandInExecution, arn = executionArnOf(execution.machine, execution.name)): string {
    this.executions.set(arn, { ...execution, arn });
    return arn;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const action = target.replace(/^AWSStepFunctions\./, '');
        const reply = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${this.calls.length}` });
          response.end(JSON.stringify(body));
        };
        if (request.method !== 'POST' || !target.startsWith('AWSStepFunctions.') || !String(request.headers['content-type']).startsWith('application/x-amz-json-1.0')) {
          return reply(400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: `bad request ${request.method} ${target}` });
        }
        this.calls.push(action);
        const left = this.throttled.get(action) ?? 0;
        if (left > 0) {
          this.throttled.set(action, left - 1);
          return reply(400, { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' });
        }
        if (this.denied.has(action)) {
          return reply(400, { __type: 'com.amazon.coral.service#AccessDeniedException', Message: `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: states:${action} on resource: ${machineArn('x')} because no identity-based policy allows the states:${action} action` });
        }
        try {
          const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
          reply(200, this.answer(action, input));
        } catch (error) {
          const failure = error as { type?: string; message: string };
          reply(400, { __type: `com.amazonaws.swf.service.v2.model#${failure.type ?? 'InvalidArn'}`, message: failure.message });
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private execution(arn: unknown): StandInExecution & { arn: string } {
    const found = this.executions.get(String(arn));
    if (!found) throw Object.assign(new Error(`Execution Does Not Exist: '${String(arn)}'`), { type: 'ExecutionDoesNotExist' });
    return found;
  }

  private machine(name: string): StandInMachine {
    const found = this.machines.find((machine) => machine.name === name);
    if (!found) throw Object.assign(new Error(`State Machine Does Not Exist: '${name}'`), { type: 'StateMachineDoesNotExist' });
    return found;
  }

  /** Pages of `size` over `items`; the token is the next index. */
  private page<T>(items: T[], token: unknown, size: number): { items: T[]; nextToken?: string } {
    const from = Number(token ?? 0);
    const next = from + size;
    return { items: items.slice(from, next), ...(next < items.length ? { nextToken: String(next) } : {}) };
  }

  private listItem(execution: StandInExecution & { arn: string }) {
    return {
      executionArn: execution.arn,
      stateMachineArn: machineArn(execution.machine),
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
      ...(execution.mapRunArn ? { mapRunArn: execution.mapRunArn } : {}),
      ...(execution.redriveCount ? { redriveCount: execution.redriveCount } : {}),
    };
  }

  private answer(action: string, input: Record<string, unknown>): unknown {
    switch (action) {
      case 'ListStateMachines': {
        const page = this.page(this.machines, input.nextToken, 2);
        return { stateMachines: page.items.map((machine) => ({ name: machine.name, stateMachineArn: machineArn(machine.name), type: machine.type ?? 'STANDARD', creationDate: 1765000000 })), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      }
      case 'DescribeStateMachine': {
        const machine = this.machine(String(input.stateMachineArn).split(':').pop() ?? '');
        return {
          stateMachineArn: machineArn(machine.name),
          name: machine.name,
          type: machine.type ?? 'STANDARD',
          status: 'ACTIVE',
          definition: JSON.stringify(machine.definition),
          roleArn: `arn:aws:iam::${ACCOUNT}:role/${machine.name}-role`,
          creationDate: 1765000000,
          loggingConfiguration: { level: 'ERROR', includeExecutionData: false, ...(machine.logGroupArn ? { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: machine.logGroupArn } }] } : {}) },
        };
      }
      case 'ListExecutions': {
        const machine = input.mapRunArn ? undefined : this.machine(String(input.stateMachineArn).split(':').pop() ?? '');
        if (machine?.type === 'EXPRESS') throw Object.assign(new Error('This operation is not supported by this type of state machine'), { type: 'StateMachineTypeNotSupported' });
        const all = [...this.executions.values()]
          .filter((execution) => (input.mapRunArn ? execution.mapRunArn === input.mapRunArn : !execution.mapRunArn && execution.machine === machine?.name))
          .filter((execution) => !input.statusFilter || execution.status === input.statusFilter)
          .sort((a, b) => b.startDate - a.startDate);
        const page = this.page(all, input.nextToken, this.listPage);
        return { executions: page.items.map((execution) => this.listItem(execution)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      }
      case 'DescribeExecution': {
        const execution = this.execution(input.executionArn);
        return {
          ...this.listItem(execution),
          input: JSON.stringify(execution.input ?? {}),
          inputDetails: { included: true },
          ...(execution.output !== undefined ? { output: JSON.stringify(execution.output), outputDetails: { included: true } } : {}),
          ...(execution.error ? { error: execution.error, cause: execution.cause } : {}),
          redriveCount: execution.redriveCount ?? 0,
          redriveStatus: execution.status === 'FAILED' || execution.status === 'ABORTED' || execution.status === 'TIMED_OUT' ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
          ...(execution.status === 'SUCCEEDED' ? { redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' } : {}),
        };
      }
      case 'DescribeStateMachineForExecution': {
        const execution = this.execution(input.executionArn);
        const machine = this.machine(execution.machine);
        return { stateMachineArn: machineArn(machine.name), name: machine.name, definition: JSON.stringify(machine.definition), roleArn: `arn:aws:iam::${ACCOUNT}:role/x`, updateDate: 1765000000 };
      }
      case 'GetExecutionHistory': {
        const execution = this.execution(input.executionArn);
        if (execution.arn.includes(':express:')) throw Object.assign(new Error('This operation is not supported by this type of state machine'), { type: 'StateMachineTypeNotSupported' });
        const size = Math.min(Number(input.maxResults || 100), this.historyPage);
        this.historyReads.push({ name: execution.name, reverse: input.reverseOrder === true });
        const events = input.reverseOrder === true ? [...(execution.events ?? [])].reverse() : (execution.events ?? []);
        const page = this.page(events, input.nextToken, size);
        return { events: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      }
      case 'ListMapRuns': {
        this.execution(input.executionArn);
        const runs = this.mapRuns.filter((run) => run.parent === input.executionArn);
        return { mapRuns: runs.map((run) => ({ mapRunArn: run.mapRunArn, executionArn: run.parent, stateMachineArn: run.mapRunArn.replace(':mapRun:', ':stateMachine:'), startDate: 1765000000 })) };
      }
      case 'DescribeMapRun': {
        const run = this.mapRuns.find((item) => item.mapRunArn === input.mapRunArn);
        if (!run) throw Object.assign(new Error(`Map Run Does Not Exist: ${String(input.mapRunArn)}`), { type: 'ResourceNotFound' });
        return { mapRunArn: run.mapRunArn, executionArn: run.parent, status: run.status, startDate: 1765000000, maxConcurrency: 40, toleratedFailurePercentage: 0, toleratedFailureCount: 0, itemCounts: run.counts, executionCounts: run.counts };
      }
      case 'RedriveExecution': {
        const execution = this.execution(input.executionArn);
        if (!['FAILED', 'ABORTED', 'TIMED_OUT'].includes(execution.status)) throw Object.assign(new Error(`Execution is ${execution.status} and cannot be redriven`), { type: 'ExecutionNotRedrivable' });
        execution.status = 'RUNNING';
        delete execution.stopDate;
        delete execution.error;
        delete execution.cause;
        execution.redriveCount = (execution.redriveCount ?? 0) + 1;
        // As Step Functions does: the same history goes on, from an ExecutionRedriven event.
        const last = execution.events?.at(-1);
        if (execution.events && last) execution.events.push({ id: last.id + 1, previousEventId: last.id, timestamp: 1765100000, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: execution.redriveCount } });
        return { redriveDate: 1765100000 };
      }
      default:
        throw Object.assign(new Error(`the stand-in does not answer ${action}`), { type: 'UnknownOperationException' });
    }
  }
}
