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
