import * as z from '../zod.js';
import { configModule } from './module.js';

const unsetWhenEmpty = () => z.pipe(z.optional(z.string()), z.transform((value) => value || undefined));

/** The database ports (`db`, `clients`, `summaries`): a URL, or on AWS the cluster and its secret. */
export const databaseConfig = configModule({
  where: () => "the function's environment, serverless.yml's dbEnvironment",
  shape: {
    DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))),
    /** On AWS: the RDS-managed secret (username, password[, host, port, dbname]); wins over DATABASE_URL. Empty means unset. */
    DATABASE_SECRET_ID: unsetWhenEmpty(),
    /** An Aurora cluster reached through the RDS Data API (`database: create` stages): with DATABASE_SECRET_ID, no VPC and no connections. Empty means unset. */
    DATABASE_CLUSTER_ARN: unsetWhenEmpty(),
    DATABASE_HOST: unsetWhenEmpty(),
    DATABASE_NAME: unsetWhenEmpty(),
    /** TLS to the database built from DATABASE_SECRET_ID: `verify-full` (the default: against the RDS CA bundle), or by explicit choice `verify-ca`, `no-verify`/`require` (encrypted, unchecked), `disable`. */
    DATABASE_SSLMODE: z._default(z.enum(['verify-full', 'verify-ca', 'no-verify', 'require', 'disable']), 'verify-full'),
  },
});
