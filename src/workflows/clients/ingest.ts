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

/** The body ClientRegistration's SendToDeadLetterQueue writes: {messageId, message, error, execution}. */
function deadLettered(message: unknown): { messageId: string; message: unknown } | undefined {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const body = message as Record<string, unknown>;
  return typeof body.messageId === 'string' && 'message' in body && 'error' in body && typeof body.execution === 'string' ? { messageId: body.messageId, message: body.message } : undefined;
}

/**
 * The registration a queued message asks for. `messageId` is the SNS message id when the
 * record carried an SNS envelope (stable across SNS redeliveries), else the SQS one. A
 * message the machine dead-lettered, moved back from the DLQ, is a new registration of
 * the original message (the upsert is idempotent on the email: a replay of a stored
 * client changes nothing).
 */
export function registrationFrom(message: unknown, delivery: { recordId: string; snsMessageId?: string; sentTimestamp?: string }): RegistrationInput {
  const sent = Number(delivery.sentTimestamp);
  const replay = deadLettered(message);
  return {
    messageId: replay ? `${replay.messageId}-replay-${delivery.recordId}` : (delivery.snsMessageId ?? delivery.recordId),
    receivedAt: new Date(Number.isFinite(sent) ? sent : Date.now()).toISOString(),
    message: replay ? replay.message : message,
  };
}
