// `node --import ./test/support/aws-sdk-trace.mjs ...`: appends to $FLUXO_AWS_SDK_TRACE each
// @aws-sdk module the process or any of its worker threads imports (its threadId, the module's URL).
import { register } from 'node:module';
import { threadId } from 'node:worker_threads';

const hooks = `
import { appendFileSync } from 'node:fs';
let trace, thread;
export function initialize(data) { trace = data.trace; thread = data.thread; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (trace && resolved.url.includes('/node_modules/@aws-sdk/')) appendFileSync(trace, thread + ' ' + resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { trace: process.env.FLUXO_AWS_SDK_TRACE, thread: threadId } });
