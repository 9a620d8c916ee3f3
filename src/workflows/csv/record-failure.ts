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
 * The one-line reason of a caught error: the message of its Cause when that is a Lambda error
 * document, else the Cause, else the Error. (A Distributed Map's failure is first replaced by its
 * first failed child's, read from the map run's results: failures.ts, map-runs.ts.)
 */
export function reasonOf(error: CaughtError): string {
  return ((errorMessageOf(error.Cause ?? '') ?? error.Cause ?? error.Error) || 'failed').split('\n')[0] || 'failed';
}

/** RecordFailure: status failed with the reason, so the console and CLI show why. */
export async function recordFailure(repository: SummaryRepository, target: { bucket: string; key: string; etag: string }, error: CaughtError, executionName?: string) {
  const reason = reasonOf(error);
  const { fileId } = await repository.recordFailure({ ...target, prefix: prefixOf(target.key), executionName }, error.Error ?? 'Error', reason);
  return { fileId, status: 'failed', error: error.Error ?? 'Error', reason };
}
