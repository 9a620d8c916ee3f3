export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

/** One entry of an execution's history, shaped like the Step Functions console shows it. */
export interface HistoryEvent {
  id: number;
  timestamp: string;
  type: string;
  stateName?: string;
  stateType?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Map iteration index, retry attempt. */
  index?: number;
  attempt?: number;
}

/** A child execution of a Distributed Map, as an execution's page lists it: its name, the Map state that ran it, its status. */
export interface ChildExecution {
  name: string;
  state: string;
  status: string;
}

/** An execution as the local engine keeps it and the console and the CLI show it (a deployed stage's, read from Step Functions, too). */
export interface ExecutionRecord {
  executionArn: string;
  machine: string;
  name: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  /** Set on a redrive: the state it started from. */
  redriveFrom?: string;
  /** Set on a redrive: the original execution it continues (the first of the chain), whose name its Distributed Maps' children carry. */
  redriveOf?: string;
  /** How many times it was run again (a Distributed Map's child its redriven parent reruns keeps its name and history, as on AWS). */
  redriveCount?: number;
  /** Runs started per Distributed Map state (a loop or a Retry starts another); a redrive continues the one that failed. */
  mapRunsStarted?: Record<string, number>;
  /** Set on a Distributed Map's child execution: the parent execution and the Map state. */
  parent?: { machine: string; name: string; state: string };
  events: HistoryEvent[];
}

export interface ClosedExecution {
  name: string;
  status: string;
  /** Billed state transitions: the StateEntered events of its history. */
  transitions: number;
}

/** Step Functions' execution lists and histories on AWS, the local engine's store locally. */
export interface ExecutionHistory {
  /** Executions of `machine` that ended in [from, to), at most `limit` of them. */
  closedBetween(machine: string, from: Date, to: Date, limit: number): Promise<ClosedExecution[]>;
}
