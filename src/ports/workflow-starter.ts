export interface StartedExecution {
  executionArn: string;
  /** True when an execution with this name already existed: the effect is not repeated. */
  alreadyExisted: boolean;
}

/** Step Functions on AWS, the local engine on a laptop. */
export interface WorkflowStarter {
  /**
   * Starts `machine` (its short name, e.g. `csv-summary`) with a deterministic
   * execution name, so a redelivered message starts nothing new.
   */
  start(machine: string, name: string, input: unknown): Promise<StartedExecution>;
}
