import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { StartedExecution, WorkflowStarter } from '../../ports/workflow-starter.js';
import { ConfigError } from '../../platform/errors.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

/**
 * Starts Step Functions executions. Machine ARNs are `<prefix><machine>`, where
 * the prefix comes from config (`STATE_MACHINE_ARN_PREFIX`, set by serverless.yml).
 */
export class StepFunctionsStarter implements WorkflowStarter {
  readonly client: SFNClient;
  constructor(
    settings: AwsClientSettings,
    private readonly arnPrefix: string | undefined,
  ) {
    this.client = new SFNClient(clientConfig(settings));
  }

  async start(machine: string, name: string, input: unknown): Promise<StartedExecution> {
    if (!this.arnPrefix) throw new ConfigError(['STATE_MACHINE_ARN_PREFIX']);
    const stateMachineArn = `${this.arnPrefix}${machine}`;
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
