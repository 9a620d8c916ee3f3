import * as z from '../platform/zod.js';
import { migrate } from '../adapters/postgres/migrate.js';
import type { Context } from 'aws-lambda';
import { customResource, isCustomResourceEvent } from '../platform/kinds/custom-resource.js';
import { withKind } from '../platform/kinds/kind.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { bundledMigrations, migrateOnDeploy } from '../workflows/ops/migrations.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';

/**
 * Applies migrations/*.sql (bundled) under an advisory lock: on every deploy as the
 * DatabaseMigrations custom resource, or by hand (`npx sls invoke -f db_migrate`).
 */
export const build = (deps: Ports<'db'>) => {
  const onDeploy = customResource(deps, { name: 'db_migrate', onChange: (event, { logger }) => migrateOnDeploy(deps.db, event.ResourceProperties, logger) });
  const byHand = stateTask(deps, { name: 'db_migrate', input: z.looseObject({}), handle: async () => ({ applied: await migrate(await deps.db(), await bundledMigrations()) }) });
  return withKind(async (event: unknown, context: Context): Promise<unknown> => (isCustomResourceEvent(event) ? onDeploy(event, context) : byHand(event as Record<string, unknown>, context)), 'task');
};

export const main = onAws({ db: pgDb }, build);
