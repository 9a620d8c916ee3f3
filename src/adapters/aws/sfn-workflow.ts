import { ExecutionAlreadyExists, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ClosedExecution, ExecutionHistory } from '../../ports/execution-history.js';
import type { StartedExecution, WorkflowStarter } from '../../ports/workflow-starter.js';
import { requireKeys } from '../../shared/config.js';
import { workflowsConfig } from '../../shared/settings/workflows.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

/**
 * Starts Step Functions executions. Machine ARNs are `<prefix><machine>`, where
 * the prefix comes from config (`STATE_MACHINE_ARN_PREFIX`, set by serverless.yml).
 */
/** A Step Functions client and the machines' ARN prefix, shared by the two ports below. */
abstract class StepFunctionsPort {
  readonly client: SFNClient;
  constructor(
    settings: AwsClientSettings,
    private readonly arnPrefix: string | undefined,
  ) {
    this.client = new SFNClient(clientConfig(settings));
  }

  protected machineArn(machine: string): string {
    const { STATE_MACHINE_ARN_PREFIX: prefix } = requireKeys({ STATE_MACHINE_ARN_PREFIX: this.arnPrefix }, workflowsConfig.where(''));
    return `${prefix}${machine}`;
  }
}

export class StepFunctionsStarter extends StepFunctionsPort implements WorkflowStarter {
  async start(machine: string, name: string, input: unknown): Promise<StartedExecution> {
    const stateMachineArn = this.machineArn(machine);
    try {
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionArn: out.executionArn ?? '', alreadyExisted: false };
    } catch (error) {
      // Standard workflows keep names unique for 90 days: a redelivered message is a no-op.
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
      if (error instanceof ExecutionAlreadyExists) {
        return { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`, alreadyExisted: true };
      }
      throw error;
    }
  }
}

/** Execution lists and histories, for the transitions metric (ops_transitions). */
export class StepFunctionsHistory extends StepFunctionsPort implements ExecutionHistory {
  async closedBetween(machine: string, from: Date, to: Date, limit: number): Promise<ClosedExecution[]> {
    const stateMachineArn = this.machineArn(machine);
    const closed: ClosedExecution[] = [];
    let nextToken: string | undefined;
    do {
      // Newest first; an execution that started before `from` - 1 day cannot have ended in the window of a turn-sized machine.
      const page = await this.client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }));
      for (const execution of page.executions ?? []) {
        if (execution.startDate && execution.startDate.getTime() < from.getTime() - 86_400_000) return closed;
        if (!execution.stopDate || execution.stopDate < from || execution.stopDate >= to || !execution.executionArn) continue;
        closed.push({ name: execution.name ?? '', status: execution.status ?? '', transitions: await this.transitions(execution.executionArn) });
        if (closed.length >= limit) return closed;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return closed;
  }

  private async transitions(executionArn: string): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: false }));
      count += (page.events ?? []).filter((event) => event.type?.endsWith('StateEntered')).length;
      nextToken = page.nextToken;
    } while (nextToken);
    return count;
  }
}
