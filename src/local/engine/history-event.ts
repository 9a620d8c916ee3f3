import type { HistoryEvent } from '../../ports/execution-history.js';

/** One aws-local-stepfunctions event log entry as a history event (`id` is its place in the history). */
export function historyEvent(log: Record<string, unknown>, id: number): HistoryEvent {
  const state = log.state as { name?: string; type?: string; input?: unknown; output?: unknown } | undefined;
  const parent = log.parentState as { name?: string; type?: string } | undefined;
  const event: HistoryEvent = {
    id,
    timestamp: new Date(Number(log.timestamp) || Date.now()).toISOString(),
    type: String(log.type),
    stateName: state?.name ?? parent?.name,
    stateType: state?.type ?? parent?.type,
  };
  if (log.type === 'ExecutionStarted') event.input = log.input;
  if (log.type === 'ExecutionSucceeded') event.output = log.output;
  if (log.type === 'StateEntered') event.input = state?.input;
  if (log.type === 'StateExited') event.output = state?.output;
  if (typeof log.Error === 'string') event.error = log.Error;
  if (log.Cause !== undefined) event.cause = typeof log.Cause === 'string' ? log.Cause : JSON.stringify(log.Cause);
  if (typeof log.index === 'number') event.index = log.index;
  const retry = log.retry as { attempt?: number } | undefined;
  if (retry?.attempt !== undefined) event.attempt = retry.attempt;
  return event;
}
