import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StageExecution, StageExecutions } from '../../adapters/aws/sfn-stage.js';
import { NotFoundError, UsageError, ValidationError } from '../../shared/errors.js';
import { send, type Route } from '../../local/devserver/http.js';
import { executionsQuery, LOCAL_STATUSES, pageOf } from '../../local/devserver/query.js';
import { redrivePlan } from '../commands/stage.js';
import { FOLLOW_POLL } from '../../adapters/aws/sfn-follow.js';

/**
 * Executions read per machine for the list page (newest first): the newest 100, or, for a start-date
 * window (`?since=`), every one started in it up to 1000 (one ListExecutions page). The answer's
 * `x-fluxo-list-cap` header gives the cap (`x-fluxo-list-cap-window` the one with a window) and `x-fluxo-list-capped`
 * the machines that had more, which the page says.
 */
export const LIST_LIMIT = 100;
export const LIST_LIMIT_SINCE = 1000;

/** At most `cap` executions per machine from a list read with `cap + 1`, and the machines that had more. */
export function capPerMachine<T extends { machine: string }>(listed: T[], cap: number): { rows: T[]; capped: string[] } {
  const counts = new Map<string, number>();
  const capped = new Set<string>();
  const rows = listed.filter((row) => {
    const count = (counts.get(row.machine) ?? 0) + 1;
    counts.set(row.machine, count);
    if (count > cap) capped.add(row.machine);
    return count <= cap;
  });
  return { rows, capped: [...capped] };
}
/** Polling of a stage for the live stream: quick after a change, slower while nothing moves. */
export const POLL = FOLLOW_POLL;

/** The dev server's execution API (src/local/devserver/executions.ts), answered from a deployed stage. */
/** The execution's name from the path, percent-decoded (StageExecutions checks it is one Step Functions takes). */
const name = (match: RegExpExecArray): string => decodeURIComponent(match[2] ?? '');

export function stageRoutes(stage: StageExecutions, poll = POLL): Route[] {
  let machines: Promise<{ name: string; definition: unknown }[]> | undefined;
  const known = async (name: string) => {
    machines ??= stage.machines().catch((error: unknown) => {
      machines = undefined;
      throw error;
    });
    if (!(await machines).some((machine) => machine.name === name)) throw new NotFoundError(`no machine ${JSON.stringify(name.slice(0, 60))} in stage ${stage.names.stage}`);
    return name;
  };
  return [
    // What the console is showing: a deployed stage has executions only (no local CSVs, clients or chat).
    [/^GET \/api\/console$/, async (_m, _q, response) => send(response, 200, { stage: stage.names.stage })],
    [
      /^GET \/api\/machines$/,
      async (_m, _q, response) => {
        machines ??= stage.machines();
        send(response, 200, (await machines).map(({ name, definition }) => ({ name, definition })));
      },
    ],
    [
      /^GET \/api\/executions$/,
      async (_m, _q, response, url) => {
        // The dev server's query, checked alike (a deployed execution may also be PENDING_REDRIVE).
        const query = executionsQuery(url, [...LOCAL_STATUSES, 'PENDING_REDRIVE']);
        // Read server side to the window's start (ListExecutions is newest first), one more than the cap to know who has more.
        const cap = query.since ? LIST_LIMIT_SINCE : LIST_LIMIT;
        const listed = await stage.list({ machine: query.machine === undefined ? undefined : await known(query.machine), status: query.status, since: query.since, limit: cap + 1 });
        const { rows, capped } = capPerMachine(listed, cap);
        response.setHeader('x-fluxo-list-cap', String(cap));
        response.setHeader('x-fluxo-list-capped', capped.join(','));
        response.setHeader('x-fluxo-list-cap-window', String(LIST_LIMIT_SINCE));
        send(response, 200, pageOf(rows, query));
      },
    ],
    [/^GET \/api\/executions\/([^/]+)\/([^/]+)$/, async (m, _q, response, url) => execution(stage, await known(m[1] ?? ''), name(m), response, url.searchParams.get('events') !== 'none')],
    [/^GET \/api\/executions\/([^/]+)\/([^/]+)\/events$/, async (m, request, response, url) => eventStream(stage, await known(m[1] ?? ''), name(m), request, response, url.searchParams.has('follow'), poll)],
    // What a redrive will run again, as `fluxo executions redrive --stage` prints it: the console shows it and asks first.
    [/^GET \/api\/executions\/([^/]+)\/([^/]+)\/redrive-plan$/, async (m, _q, response) => {
      const plan = await redrivePlan(stage, await known(m[1] ?? ''), name(m)).catch((error: unknown) => {
        // Not redrivable (succeeded, an Express child): the page says why instead of asking.
        throw error instanceof UsageError ? new ValidationError(error.message) : error;
      });
      send(response, 200, { lines: plan.lines });
    }],
    [
      /^POST \/api\/executions\/([^/]+)\/([^/]+)\/redrive$/,
      async (m, _q, response) => {
        const machine = await known(m[1] ?? '');
        await stage.redrive(machine, name(m));
        // A redriven execution keeps its name: the page it came from follows it.
        send(response, 202, { machine, name: name(m) });
      },
    ],
  ];
}

/**
 * One execution as the local API gives it, its history written as it is read
 * (`?events=none` leaves it out: the console streams it from /events).
 */
async function execution(stage: StageExecutions, machine: string, name: string, response: ServerResponse, withEvents: boolean): Promise<void> {
  const record: StageExecution = await stage.describe(machine, name);
  if (!withEvents) return send(response, 200, { ...record, events: [] });
  const history = stage.history(machine, name);
  // The first page decides the status code: an error before it is still a clean 4xx.
  const first = await history.next();
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.write(`${JSON.stringify(record).slice(0, -1)},"events":[`);
  if (!first.done) {
    response.write(JSON.stringify(first.value));
    for await (const event of history) response.write(`,${JSON.stringify(event)}`);
  }
  response.end(']}');
}

/**
 * The history as NDJSON, one event a line, as the pages arrive from Step Functions. With
 * `?follow`, a running execution's stream stays open: a `{"caughtUp":true}` line ends what
 * was there, then only new events follow (HistoryFollower.newer: newest-first pages back to
 * the last event sent), polled 2 s after a change and backing off to 30 s while nothing
 * moves; when the execution stops or is redriven, an `{"execution": ...}` line gives its new
 * status, and a stopped one ends the stream.
 */
async function eventStream(stage: StageExecutions, machine: string, name: string, request: IncomingMessage, response: ServerResponse, follow: boolean, poll = POLL): Promise<void> {
  const follower = await stage.follower(machine, name);
  const history = follower?.all();
  const first = await history?.next();
  response.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  let closed = false;
  request.on('close', () => (closed = true));
  if (first && !first.done) response.write(`${JSON.stringify(first.value)}\n`);
  if (history) {
    for await (const event of history) {
      if (closed) break;
      response.write(`${JSON.stringify(event)}\n`);
    }
  }
  if (!follow || !follower || follower.ended || closed) return void response.end();
  response.write(`${JSON.stringify({ caughtUp: true })}\n`);
  let delay = poll.firstMs;
  let timer: NodeJS.Timeout | undefined;
  request.on('close', () => clearTimeout(timer));
  const tick = async () => {
    let moved = false;
    try {
      const events = await follower.newer();
      for (const event of events) response.write(`${JSON.stringify(event)}\n`);
      moved = events.length > 0;
      if (events.some((event) => event.type.startsWith('Execution'))) {
        const { definition: _definition, ...record } = await stage.describe(machine, name);
        response.write(`${JSON.stringify({ execution: record })}\n`);
      }
    } catch {
      // Throttled past the SDK's retries, or offline: try again later, less often.
    }
    if (closed) return;
    if (follower.ended) return void response.end();
    delay = moved ? poll.firstMs : Math.min(delay * 2, poll.maxMs);
    timer = setTimeout(() => void tick(), delay);
  };
  timer = setTimeout(() => void tick(), delay);
}

/**
 * Server-sent `status` events, as the dev server sends them, from polling the list: at 2 s
 * after a change and up to 30 s while nothing changes. An execution's page follows its own
 * history (`/events?follow`), reading only new events.
 */
export function stagePolling(stage: StageExecutions, request: IncomingMessage, response: ServerResponse, poll = POLL): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  if (request.method === 'HEAD') return void response.end();
  response.write(': connected\n\n');
  const seen = new Map<string, string>();
  let delay = poll.firstMs;
  let timer: NodeJS.Timeout | undefined;
  let first = true;
  const tick = async () => {
    let changed = false;
    try {
      for (const execution of await stage.list({ limit: LIST_LIMIT })) {
        const key = `${execution.machine}/${execution.name}`;
        const before = seen.get(key);
        seen.set(key, `${execution.status}:${execution.stopDate ?? ''}`);
        if (!first && before !== seen.get(key)) {
          changed = true;
          response.write(`event: status\ndata: ${JSON.stringify(execution)}\n\n`);
        }
      }
    } catch {
      // A failed poll (throttled past the retries, offline): try again later.
    }
    first = false;
    delay = changed ? poll.firstMs : Math.min(delay * 2, poll.maxMs);
    timer = setTimeout(() => void tick(), delay);
  };
  void tick();
  request.on('close', () => clearTimeout(timer));
}
