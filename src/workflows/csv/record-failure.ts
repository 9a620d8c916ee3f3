import type { CaughtError } from '../../platform/caught-error.js';
import type { SummaryRepository } from '../../ports/summary-repository.js';
import { prefixOf } from './store-summary.js';

/** The errorMessage of a Lambda error document (`{"errorType","errorMessage"}`), if `text` is one. */
function errorMessageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown } | null;
    return typeof parsed?.errorMessage === 'string' && parsed.errorMessage ? parsed.errorMessage : undefined;
  } catch {
    return undefined; // not a Lambda error document
  }
}

/**
 * The one-line reason of a caught error (its Cause is the Lambda error document). A Distributed Map
 * whose child failed (States.ExceedToleratedFailureThreshold) wraps the child's document in its own
 * line (`1 of 5 child executions failed ...; first: <child>: ValidationError {...}`): the reason is
 * the child's message, as the small and Map paths give it.
 */
export function reasonOf(error: CaughtError): string {
  const cause = error.Cause ?? '';
  const embedded = cause.indexOf('{"errorType"');
  const message = errorMessageOf(cause) ?? (embedded > 0 ? errorMessageOf(cause.slice(embedded)) : undefined);
  return ((message ?? error.Cause ?? error.Error) || 'failed').split('\n')[0] || 'failed';
}

/** RecordFailure: status failed with the reason, so the console and CLI show why. */
export async function recordFailure(repository: SummaryRepository, target: { bucket: string; key: string; etag: string }, error: CaughtError, executionName?: string) {
  const reason = reasonOf(error);
  const { fileId } = await repository.recordFailure({ ...target, prefix: prefixOf(target.key), executionName }, error.Error ?? 'Error', reason);
  return { fileId, status: 'failed', error: error.Error ?? 'Error', reason };
}
