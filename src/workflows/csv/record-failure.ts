import type { SummaryRepository } from '../../ports/summary-repository.js';
import { prefixOf } from './store-summary.js';

/** The one-line reason of a caught error (its Cause is the Lambda error document). */
export function reasonOf(error: { Error?: string; Cause?: string }): string {
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: string };
    if (parsed.errorMessage) return parsed.errorMessage.split('\n')[0] ?? parsed.errorMessage;
  } catch {
    // not a Lambda error document
  }
  return (error.Cause ?? error.Error ?? 'failed').split('\n')[0] ?? 'failed';
}

/** RecordFailure: status failed with the reason, so the console and CLI show why. */
export async function recordFailure(repository: SummaryRepository, target: { bucket: string; key: string; etag: string }, error: { Error?: string; Cause?: string }, executionName?: string) {
  const reason = reasonOf(error);
  const { fileId } = await repository.recordFailure({ ...target, prefix: prefixOf(target.key), executionName }, error.Error ?? 'Error', reason);
  return { fileId, status: 'failed', error: error.Error ?? 'Error', reason };
}
