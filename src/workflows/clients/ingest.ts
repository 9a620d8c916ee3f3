import { createHash } from 'node:crypto';
import type { WorkflowStarter } from '../../ports/workflow-starter.js';

export const CLIENT_MACHINE = 'client-registration';

export interface RegistrationInput {
  messageId: string;
  receivedAt: string;
  /** The message as received: an object, or the text of a body that was not JSON. */
  message: unknown;
}

/**
 * One execution per message, named after the message: a redelivery (same SQS
 * or SNS message id) finds the name taken and starts nothing, so the effect
 * happens once. https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export function executionNameFor(messageId: string): string {
  const safe = messageId.replace(/[^A-Za-z0-9_-]/g, '');
  return safe.length > 0 && safe.length <= 72 && safe === messageId ? `client-${safe}` : `client-${createHash('sha256').update(messageId).digest('hex').slice(0, 64)}`;
}

export async function startRegistration(workflows: WorkflowStarter, input: RegistrationInput): Promise<{ executionName: string; alreadyExisted: boolean }> {
  const executionName = executionNameFor(input.messageId);
  const started = await workflows.start(CLIENT_MACHINE, executionName, input);
  return { executionName, alreadyExisted: started.alreadyExisted };
}
