import * as z from '../zod.js';
import { configModule } from './module.js';

/** The `ledger` port: the workbook on OneDrive and its table, through Microsoft Graph (docs/assistant.md). */
export const graphConfig = configModule({
  where: (stage) => `the secrets fluxo/${stage}/graph and fluxo/${stage}/graph-token`,
  shape: {
    GRAPH_TENANT_ID: z.optional(z.string().check(z.minLength(1))),
    GRAPH_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
    GRAPH_CLIENT_SECRET: z.optional(z.string().check(z.minLength(1))),
    GRAPH_REFRESH_TOKEN: z.optional(z.string().check(z.minLength(1))),
    GRAPH_WORKBOOK_PATH: z.optional(z.string().check(z.minLength(1))),
    GRAPH_TABLE_NAME: z._default(z.string().check(z.minLength(1)), 'Gastos'),
    /** The secret holding GRAPH_REFRESH_TOKEN alone, which the ledger rewrites when Microsoft rotates the token. */
    GRAPH_TOKEN_SECRET_ID: z.optional(z.string()),
    /** National clouds only: Graph's base URL and the identity platform's authority. */
    GRAPH_BASE_URL: z.optional(z.url()),
    GRAPH_AUTHORITY_URL: z.optional(z.url()),
  },
});
