import { createHash } from 'node:crypto';
import type { CaughtError } from '../../platform/caught-error.js';
import type { Logger } from '../../platform/logger.js';
import { requireKeys } from '../../shared/config.js';
import { oneLine } from '../../shared/errors.js';
import { csvConfig } from '../../shared/settings/csv.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { SummaryRepository } from '../../ports/summary-repository.js';
import { firstChildFailure } from './map-runs.js';
import { recordFailure } from './record-failure.js';
import { WORK_PREFIXES } from './work-keys.js';

/** Where a failure waits in the work bucket while the database cannot take it (docs/operations.md). */
export const FAILURES_PREFIX = WORK_PREFIXES.failures;

interface PendingFailure {
  target: { bucket: string; key: string; etag: string };
  error: CaughtError;
  executionName?: string;
}

export interface FailureDeps {
  objects: ObjectStore;
  summaries: () => Promise<SummaryRepository>;
  workBucket: string | undefined;
  logger: Logger;
}

function pendingKey(target: PendingFailure['target']): string {
  return `${FAILURES_PREFIX}${createHash('sha256').update(`${target.bucket}\0${target.key}\0${target.etag}`).digest('hex').slice(0, 40)}.json`;
}

function workBucketOf(deps: FailureDeps): string {
  return requireKeys({ CSV_WORK_BUCKET: deps.workBucket }, csvConfig.where('')).CSV_WORK_BUCKET;
}

/**
 * RecordFailure that loses nothing when the database is down: the failure is
 * written to the work bucket first, recorded in the database, and only then
 * removed from the bucket. If the database stays down past the machine's
 * retries, the object stays and {@link reconcileFailures} records it later.
 */
export async function recordFailureDurably(deps: FailureDeps, target: PendingFailure['target'], caught: PendingFailure['error'], executionName?: string) {
  const bucket = workBucketOf(deps);
  const key = pendingKey(target);
  const error = await withChildFailure(deps, bucket, caught, executionName);
  const pending: PendingFailure = { target, error, executionName };
  await deps.objects.put(bucket, key, JSON.stringify(pending), 'application/json');
  const recorded = await recordFailure(await deps.summaries(), target, error, executionName);
  await deps.objects.delete(bucket, key);
  await reconcileFailures(deps);
  return recorded;
}

/** A Distributed Map's failure names no child: the reason is its first failed child's, read from the map run's results. */
export const MAP_FAILED = 'States.ExceedToleratedFailureThreshold';

/** The child's Cause as RecordFailure reads it: a Lambda error document as it is, else `Error: Cause` on one line. */
function childCause(child: CaughtError): string | undefined {
  if (!child.Cause || child.Cause.trimStart().startsWith('{')) return child.Cause ?? child.Error;
  return child.Error ? `${child.Error}: ${child.Cause}` : child.Cause;
}

async function withChildFailure(deps: FailureDeps, bucket: string, caught: PendingFailure['error'], executionName?: string): Promise<PendingFailure['error']> {
  if (caught.Error !== MAP_FAILED || !executionName) return caught;
  try {
    const child = await firstChildFailure(deps.objects, bucket, executionName);
    // The map's Error stays (what failed the execution); the Cause becomes the child's, which the reason is read from.
    if (child) return { Error: caught.Error, Cause: childCause(child) };
    deps.logger.warn({ executionName }, 'a failed map run left no FAILED results: the reason is the map error');
  } catch (error) {
    deps.logger.warn({ executionName, error: oneLine(error) }, "the failed map run's results could not be read: the reason is the map error");
  }
  return caught;
}

/**
 * Records the failures left in the work bucket while the database was down, and
 * removes each once recorded. Called whenever a CSV step reaches the database
 * (StoreSummary, RecordFailure); best effort: a fault leaves the rest for next time.
 */
export async function reconcileFailures(deps: FailureDeps, limit = 50): Promise<number> {
  const bucket = deps.workBucket;
  if (!bucket) return 0;
  let recorded = 0;
  try {
    const waiting = (await deps.objects.list(bucket, FAILURES_PREFIX)).slice(0, limit);
    if (waiting.length === 0) return 0;
    const repository = await deps.summaries();
    for (const object of waiting) {
      const pending = JSON.parse((await deps.objects.get(bucket, object.key)).toString('utf8')) as PendingFailure;
      await recordFailure(repository, pending.target, pending.error, pending.executionName);
      await deps.objects.delete(bucket, object.key);
      recorded++;
    }
  } catch (error) {
    deps.logger.warn({ recorded, error: oneLine(error) }, 'failures left in the work bucket stay for the next try');
  }
  if (recorded) deps.logger.info({ recorded }, 'recorded failures the database could not take earlier');
  return recorded;
}
