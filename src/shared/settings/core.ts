import * as z from '../zod.js';
import { configModule } from './module.js';

/** What every function reads: where it runs, how it logs, which secrets it loads. */
export const coreConfig = configModule({
  where: () => "the function's environment",
  shape: {
    STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    /** Points every AWS SDK client at another endpoint (moto in tests). */
    AWS_ENDPOINT_URL: z.optional(z.url()),
    LOG_LEVEL: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
    /** Set by Lambda: the function's unpacked artifact (db_migrate reads migrations/ there). */
    LAMBDA_TASK_ROOT: z.optional(z.string().check(z.minLength(1))),
    FLUXO_SECRET_ID: z.optional(z.string()),
    /** The secrets this function reads, comma-separated (serverless.yml gives each function only its own: docs/deploy.md). */
    FLUXO_SECRET_IDS: z.optional(z.string()),
    SECRET_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 300),
  },
});
