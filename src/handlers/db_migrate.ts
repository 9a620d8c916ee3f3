import { z } from 'zod';
import path from 'node:path';
import { migrate, readMigrations } from '../adapters/postgres/migrate.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { onAws } from './compose.js';
import { pgDb } from './wiring/db.js';

const input = z.object({}).loose();

/**
 * Applies pending migrations (migrations/*.sql, bundled) from inside the VPC:
 * `npx sls invoke -f db_migrate --stage <name>` after a deploy (docs/deploy.md).
 * Concurrent runs are serialized by an advisory lock.
 */
export const build = (deps: Ports<'db'>) =>
  stateTask(deps, {
    name: 'db_migrate',
    input,
    handle: async (_event, { logger }) => {
      // In the Lambda package the SQL files sit at the root (serverless.yml: package.patterns).
      const root = process.env.LAMBDA_TASK_ROOT;
      const applied = await migrate(await deps.db(), root ? await readMigrations(path.join(root, 'migrations')) : undefined);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
      return { applied };
    },
  });

export const main = onAws({ db: pgDb }, build);
