import type { CaughtError } from '../../platform/caught-error.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { ValidationError } from '../../shared/errors.js';
import { readJson } from './read-ahead.js';
import { workKeys } from './work-keys.js';

/**
 * What a Distributed Map's ResultWriter leaves in S3, as Step Functions writes it (and the
 * local engine, src/local/engine/distributed-map.ts): under `<Prefix>/<map run id>/`, a
 * `manifest.json` naming the result files by status, and `SUCCEEDED_n.json` / `FAILED_n.json`,
 * each a JSON array of child executions (Status, Input, Output; Error and Cause when failed).
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
export interface MapRunManifest {
  DestinationBucket?: string;
  MapRunArn?: string;
  ResultFiles: { SUCCEEDED?: { Key: string }[]; FAILED?: { Key: string }[]; PENDING?: { Key: string }[] };
}

export interface MapRunResult {
  Status?: string;
  Output?: string;
  Error?: string;
  Cause?: string;
}

const RESULT_FILE = /\/FAILED_\d+\.json$/;

/**
 * The first failed child of the execution's map runs, read from what ResultWriter wrote under
 * `map-runs/<execution>/`. On AWS a Distributed Map past its tolerated failures is caught as
 * `States.ExceedToleratedFailureThreshold` with a cause that names no child: its FAILED results
 * hold the child's own Error and Cause. The newest map run with failures wins (an execution fails
 * at its first failed run); undefined when there is none to read.
 */
export async function firstChildFailure(objects: ObjectStore, bucket: string, executionName: string): Promise<CaughtError | undefined> {
  const listed = await objects.list(bucket, `${workKeys.mapRuns(executionName)}/`);
  const newestFirst = listed.sort((a, b) => (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) || b.key.localeCompare(a.key));
  const manifests = newestFirst.filter((object) => object.key.endsWith('/manifest.json'));
  const fromManifests = await Promise.all(manifests.map(async (object) => (await readJson<MapRunManifest>(objects, { bucket, key: object.key })).ResultFiles.FAILED ?? []));
  // The result files the manifests name; a run whose manifest is missing still has its FAILED_n.json.
  const named = fromManifests.flat().map((file) => file.Key);
  const keys = [...named, ...newestFirst.map((object) => object.key).filter((key) => RESULT_FILE.test(key) && !named.includes(key))];
  for (const key of keys) {
    const results = await readJson<MapRunResult[]>(objects, { bucket, key });
    const failed = results.find((result) => result.Error !== undefined || result.Cause !== undefined);
    if (failed) return { Error: failed.Error, Cause: failed.Cause };
  }
  return undefined;
}

/** A map run's ResultWriter manifest, as the Map state's output names it (`ResultWriterDetails`). */
export type ResultWriterDetails = { Bucket: string; Key: string };

/** The outputs of a map run's children, parsed, in the order its result files list them. A run with failed children has none to give. */
export async function outputsOfMapRun<T>(objects: ObjectStore, resultWriter: ResultWriterDetails): Promise<T[]> {
  const manifest = await readJson<MapRunManifest>(objects, { bucket: resultWriter.Bucket, key: resultWriter.Key });
  if (manifest.ResultFiles.FAILED?.length) throw new ValidationError('the map run has failed chunks: their results are missing');
  const outputs: T[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    for (const result of await readJson<MapRunResult[]>(objects, { bucket: resultWriter.Bucket, key: file.Key })) outputs.push(JSON.parse(result.Output ?? 'null') as T);
  }
  return outputs;
}
