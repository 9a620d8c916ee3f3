import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import type { Kind, Names } from './templates.js';

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/**
 * The longest stage and region a generated name must still deploy with: stages such as `dev`,
 * `prod`, `staging`, `pr-1234` fit in 10 characters; `ap-southeast-2` is among the longest regions.
 */
export const ASSUMED_STAGE_LENGTH = 10;
export const ASSUMED_REGION = 'ap-southeast-2';
/** IAM role names (serverless-iam-roles-per-function: `<service>-<stage>-<fn>-<region>-lambdaRole`, dropping `-lambdaRole` when too long). */
const ROLE_LIMIT = 64;
/** SQS queue names. */
const QUEUE_LIMIT = 80;

/** Keys every JS object already has: a port or manifest key among them breaks type-checking of Deps and the manifest. */
const OBJECT_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Refuses, in one line, a function name the generated code or the stack cannot carry. */
export function checkName(fn: string): void {
  if (!NAME.test(fn)) throw new UsageError(`invalid function name ${fn}: use snake_case <flow>_<what>, e.g. billing_import`);
}

/** Refuses names whose keys (`to_string` -> `toString`) every JS object already has. */
export function checkKeys(n: Names): void {
  const taken = [n.fn, n.port, n.camel, n.provider].find((key) => OBJECT_KEYS.has(key));
  if (taken) throw new UsageError(`invalid function name ${n.fn}: ${taken} is a property of every JS object (Object.prototype); pick another name`);
}

/** Refuses names too long to deploy at a stage of ASSUMED_STAGE_LENGTH characters in ASSUMED_REGION. */
export function checkLength(kind: Kind, n: Names, service: string): void {
  const stage = 'x'.repeat(ASSUMED_STAGE_LENGTH);
  const role = [service, stage, n.fn, ASSUMED_REGION].join('-');
  const assumption = `with a stage name of ${ASSUMED_STAGE_LENGTH} characters in ${ASSUMED_REGION}`;
  if (role.length > ROLE_LIMIT) {
    const most = n.fn.length - (role.length - ROLE_LIMIT);
    throw new UsageError(`function name ${n.fn} too long to deploy: its IAM role name (${service}-<stage>-${n.fn}-<region>) would pass the ${ROLE_LIMIT}-character limit ${assumption}; use at most ${most} characters`);
  }
  if (kind !== 'sqs' && kind !== 'scheduled') return;
  const queue = [service, stage, n.kebab, 'dlq'].join('-');
  if (queue.length > QUEUE_LIMIT) {
    const most = n.fn.length - (queue.length - QUEUE_LIMIT);
    throw new UsageError(`function name ${n.fn} too long to deploy: its queue name (${service}-<stage>-${n.kebab}-dlq) would pass SQS's ${QUEUE_LIMIT}-character limit ${assumption}; use at most ${most} characters`);
  }
}

/** The service name serverless.yml gives the stack (the prefix of every role and queue name). */
export function serviceOf(serverlessYml: string): string {
  return /^service:\s*['"]?([A-Za-z0-9-]+)/m.exec(serverlessYml)?.[1] ?? 'fluxo';
}

/**
 * The folder of src/workflows a flow's use cases go in: the flow is the name's prefix before `_`
 * (`client` in `client_notify`), and the folder is the existing one of that flow, singular or plural
 * (`src/workflows/clients` holds the `client_*` functions), else a new one named after the flow.
 * Both a singular and a plural folder is ambiguous: refused in one line.
 */
export function workflowFolder(root: string, flow: string): string {
  const singular = flow.endsWith('s') ? flow.slice(0, -1) : flow;
  const candidates = [...new Set([flow, `${singular}s`, singular])].filter((name) => name && existsSync(path.join(root, 'src/workflows', name)));
  if (candidates.length > 1) throw new UsageError(`flow ${flow} matches both src/workflows/${candidates.join(' and src/workflows/')}: merge them, or name the function after one`);
  return candidates[0] ?? flow;
}
