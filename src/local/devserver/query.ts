import { ValidationError } from '../../shared/errors.js';

/** Executions a `?page=` holds (the console's page size). */
export const EXECUTIONS_PAGE = 25;

/** The local engine's statuses; a deployed stage adds PENDING_REDRIVE. */
export const LOCAL_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export interface ExecutionsQuery {
  machine?: string;
  status?: string;
  /** Only executions started at or after this (`?since=1h`, as `fluxo executions list --since` takes it). */
  since?: Date;
  /** 1 for the newest EXECUTIONS_PAGE executions; undefined for all. */
  page?: number;
}

const quoted = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `12h`, `1d`, `2w` before `now`, or a date (2026-12-01, an ISO time); undefined when it is neither. */
export function parseSince(value: string, now = Date.now()): Date | undefined {
  const relative = /^(\d{1,6})([mhdw])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * (UNITS[relative[2] ?? 'd'] ?? 0));
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** One query parameter, given at most once. */
function single(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw new ValidationError(`${name} is given ${values.length} times: give it once`);
  return values[0];
}

/**
 * `GET /api/executions?machine=&status=&since=&page=`, checked: a mistyped name or value is a
 * 400 naming it and what is allowed, never a longer list that looks like an answer.
 */
export function executionsQuery(url: URL, statuses: readonly string[] = LOCAL_STATUSES): ExecutionsQuery {
  const allowed = ['machine', 'status', 'since', 'page'];
  for (const name of url.searchParams.keys()) {
    if (!allowed.includes(name)) throw new ValidationError(`unknown query parameter ${quoted(name)}: allowed are ${allowed.join(', ')}`);
  }
  const status = single(url, 'status');
  if (status !== undefined && !statuses.includes(status)) throw new ValidationError(`status ${quoted(status)} is not one of ${statuses.join(', ')}`);
  const page = single(url, 'page');
  if (page !== undefined && !/^[1-9]\d{0,5}$/.test(page)) throw new ValidationError(`page ${quoted(page)} is not a whole number from 1 (pages of ${EXECUTIONS_PAGE}, newest first)`);
  const machine = single(url, 'machine');
  const sinceText = single(url, 'since');
  const since = sinceText === undefined ? undefined : parseSince(sinceText);
  if (sinceText !== undefined && !since) throw new ValidationError(`since ${quoted(sinceText)} is not 30m, 12h, 1d, 2w or a date such as 2026-12-01`);
  return { machine, status, ...(since ? { since } : {}), page: page === undefined ? undefined : Number(page) };
}

/** The executions a query asks for, from a list already newest first. */
export function pageOf<T extends { status: string; startDate: string }>(executions: T[], query: ExecutionsQuery): T[] {
  const since = query.since?.getTime();
  const matching = executions.filter((execution) => (!query.status || execution.status === query.status) && (since === undefined || Date.parse(execution.startDate) >= since));
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
