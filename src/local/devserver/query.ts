import { ValidationError } from '../../shared/errors.js';

/** Executions a `?page=` holds (the console's page size). */
export const EXECUTIONS_PAGE = 25;

/** The local engine's statuses; a deployed stage adds PENDING_REDRIVE. */
export const LOCAL_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export interface ExecutionsQuery {
  machine?: string;
  status?: string;
  /** 1 for the newest EXECUTIONS_PAGE executions; undefined for all. */
  page?: number;
}

const quoted = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** One query parameter, given at most once. */
function single(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw new ValidationError(`${name} is given ${values.length} times: give it once`);
  return values[0];
}

/**
 * `GET /api/executions?machine=&status=&page=`, checked: a mistyped name or value is a
 * 400 naming it and what is allowed, never a longer list that looks like an answer.
 */
export function executionsQuery(url: URL, statuses: readonly string[] = LOCAL_STATUSES): ExecutionsQuery {
  const allowed = ['machine', 'status', 'page'];
  for (const name of url.searchParams.keys()) {
    if (!allowed.includes(name)) throw new ValidationError(`unknown query parameter ${quoted(name)}: allowed are ${allowed.join(', ')}`);
  }
  const status = single(url, 'status');
  if (status !== undefined && !statuses.includes(status)) throw new ValidationError(`status ${quoted(status)} is not one of ${statuses.join(', ')}`);
  const page = single(url, 'page');
  if (page !== undefined && !/^[1-9]\d{0,5}$/.test(page)) throw new ValidationError(`page ${quoted(page)} is not a whole number from 1 (pages of ${EXECUTIONS_PAGE}, newest first)`);
  const machine = single(url, 'machine');
  return { machine, status, page: page === undefined ? undefined : Number(page) };
}

/** The executions a query asks for, from a list already newest first. */
export function pageOf<T extends { status: string }>(executions: T[], query: ExecutionsQuery): T[] {
  const matching = query.status ? executions.filter((execution) => execution.status === query.status) : executions;
  return query.page ? matching.slice((query.page - 1) * EXECUTIONS_PAGE, query.page * EXECUTIONS_PAGE) : matching;
}

/** `?events=none` (leave the history out) or nothing. */
export function withEvents(url: URL): boolean {
  for (const name of url.searchParams.keys()) if (name !== 'events') throw new ValidationError(`unknown query parameter ${quoted(name)}: allowed is events`);
  const events = single(url, 'events');
  if (events !== undefined && events !== 'none') throw new ValidationError(`events ${quoted(events)} is not valid: the only value is none`);
  return events === undefined;
}

/** A name from a matched path segment, percent-decoded (the server refused undecodable paths already). */
export function pathPart(match: RegExpExecArray, index: number): string {
  return decodeURIComponent(match[index] ?? '');
}
