import * as z from '../shared/zod.js';
import path from 'node:path';
import { carriedMigrations } from '../adapters/postgres/migrate.js';
import type { Context } from 'aws-lambda';
import { customResource, isCustomResourceEvent } from '../platform/kinds/custom-resource.js';
import { withKind } from '../platform/kinds/kind.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { migrateOnDeploy } from '../workflows/ops/migrations.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';

/**
 * Applies migrations/*.sql (bundled) under an advisory lock: on every deploy as the
 * DatabaseMigrations custom resource, or by hand (`npx sls invoke -f db_migrate`).
 */
export const build = (deps: Ports<'db'>) => {
  // The function's artifact carries migrations/ at its root (serverless.yml: package.patterns); elsewhere, the repository's.
  const root = deps.config.LAMBDA_TASK_ROOT;
  const carried = () => carriedMigrations(deps.db, root ? path.join(root, 'migrations') : undefined);
  const onDeploy = customResource(deps, { name: 'db_migrate', onChange: async (event, { logger }) => migrateOnDeploy(await carried(), event.ResourceProperties, logger) });
  const byHand = stateTask(deps, { name: 'db_migrate', input: z.looseObject({}), handle: async () => ({ applied: await (await carried()).apply() }) });
  return withKind(async (event: unknown, context: Context): Promise<unknown> => (isCustomResourceEvent(event) ? onDeploy(event, context) : byHand(event as Record<string, unknown>, context)), 'task');
};

export const main = onAws({ db: pgDb }, build);
