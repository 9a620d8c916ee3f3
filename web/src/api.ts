/** The dev server's JSON API (src/local/devserver/). */
import type { ChildExecution, ExecutionRecord, HistoryEvent } from '../../src/ports/execution-history.js';
import type { AslDefinition } from '../../src/ports/state-machine.js';

export type { AslDefinition, AslState } from '../../src/ports/state-machine.js';
export type { HistoryEvent };

/** An execution as the dev server (or a deployed stage) answers it: the record the engine keeps, and what the API adds. */
export interface Execution extends ExecutionRecord {
  /** The child executions this execution's Distributed Maps ran. */
  children?: ChildExecution[];
  /** A deployed stage's execution: the definition it ran; an Express one has no history, its logs are in `logGroup`. */
  definition?: AslDefinition;
  express?: { logGroup?: string };
  /** A deployed stage's Distributed Map runs: each Map state's Map Run status and child counts. */
  mapRuns?: { state: string; status: string; items: Record<string, number> }[];
}

/** What a person reads when a call fails: never a raw "Failed to fetch". */
export class ApiError extends Error {}

async function call(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError('The fluxo dev server is not answering: is `npm start` (fluxo dev) still running? Start it again, then reload this page.');
  }
}

async function failure(response: Response): Promise<ApiError> {
  if (response.status === 401) return new ApiError('This browser is not signed in: open the link `fluxo dev` printed (run `fluxo dev` again in the same folder for a fresh one).');
  const message = ((await response.json().catch(() => ({}))) as { message?: string }).message;
  if (response.status >= 500) return new ApiError(`The dev server could not do that (${message ?? response.statusText}); its terminal shows the details.`);
  return new ApiError(message ?? `The dev server refused the request (${response.status} ${response.statusText}).`);
}

/** A GET whose answer is read by the caller (a stream); failures in words. */
export async function request(path: string): Promise<Response> {
  const response = await call(path);
  if (!response.ok) throw await failure(response);
  return response;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await request(path)).json()) as T;
}

export async function post<T>(path: string, body: BodyInit | object, type = 'application/json'): Promise<T> {
  const response = await call(path, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'object' && !(body instanceof Blob) && !(body instanceof ArrayBuffer) ? JSON.stringify(body) : (body as BodyInit),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}
