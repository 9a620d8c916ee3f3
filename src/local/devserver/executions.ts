import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError } from '../../shared/errors.js';
import { machineNames } from '../engine/asl.js';
import type { LocalStack } from '../stack/compose.js';
import type { ExecutionRecord, HistoryEvent } from '../engine/execution-store.js';
import { send, type Route } from './http.js';
import { executionsQuery, pageOf, pathPart, withEvents } from './query.js';

const brief = ({ events: _events, ...rest }: ExecutionRecord) => rest;

/** A machine named in a query or a path: one of statemachines/*.asl.json, never a path. */
async function knownMachine(name: string): Promise<string> {
  if (!(await machineNames()).includes(name)) throw new NotFoundError(`no machine ${JSON.stringify(name.slice(0, 60))}`);
  return name;
}

/** Machines, executions (list, one with its history, redrive) and the live event stream. */
export function executionRoutes(stack: LocalStack): Route[] {
  return [
    [/^GET \/api\/machines$/, async (_m, _q, response) => send(response, 200, await Promise.all((await machineNames()).map(async (name) => ({ name, definition: await stack.engine.definition(name) }))))],
    [
      /^GET \/api\/executions$/,
      async (_m, _q, response, url) => {
        // ?machine=&status=&page= (pages of 25, newest first); the console asks for all and pages itself.
        const query = executionsQuery(url);
        const listed = await stack.engine.store.list(query.machine === undefined ? undefined : await knownMachine(query.machine));
        send(response, 200, pageOf(listed, query).map(brief));
      },
    ],
    [
      // `?events=none`: without the history, which the console reads from /events (as `fluxo console --stage` serves it).
      // Any character may reach a name here: the execution store's name check answers 400 (path-segment.ts).
      /^GET \/api\/executions\/([^/]+)\/([^/]+)$/,
      async (m, _q, response, url) => {
        const events = withEvents(url);
        const record = await stack.engine.store.withChildren(await knownMachine(pathPart(m, 1)), pathPart(m, 2));
        send(response, 200, events ? record : { ...record, events: [] });
      },
    ],
    [
      /^GET \/api\/executions\/([^/]+)\/([^/]+)\/events$/,
      async (m, _q, response) => {
        const record = await stack.engine.store.get(await knownMachine(pathPart(m, 1)), pathPart(m, 2));
        send(response, 200, record.events.map((event) => `${JSON.stringify(event)}\n`).join(''), 'application/x-ndjson');
      },
    ],
    [
      /^POST \/api\/executions\/([^/]+)\/([^/]+)\/redrive$/,
      async (m, _q, response) => {
        const machine = await knownMachine(pathPart(m, 1));
        const { name } = await stack.engine.redrive(machine, pathPart(m, 2));
        send(response, 202, { machine, name });
      },
    ],
    [/^GET \/api\/events$/, async (_m, request, response) => events(stack, request, response)],
  ];
}

/** Server-sent events: every execution status change and history event, live. */
async function events(stack: LocalStack, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  if (request.method === 'HEAD') return void response.end();
  response.write(': connected\n\n');
  const onStatus = (record: ExecutionRecord) => response.write(`event: status\ndata: ${JSON.stringify(brief(record))}\n\n`);
  const onEvent = (record: ExecutionRecord, event: HistoryEvent) => response.write(`event: history\ndata: ${JSON.stringify({ machine: record.machine, name: record.name, event })}\n\n`);
  stack.engine.events.on('status', onStatus);
  stack.engine.events.on('event', onEvent);
  const keepAlive = setInterval(() => response.write(': ping\n\n'), 15_000);
  request.on('close', () => {
    clearInterval(keepAlive);
    stack.engine.events.off('status', onStatus);
    stack.engine.events.off('event', onEvent);
  });
}
