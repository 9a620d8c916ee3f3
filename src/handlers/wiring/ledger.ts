import { RefreshTokenAuth } from '../../adapters/graph/auth.js';
import { GraphLedger } from '../../adapters/graph/ledger.js';
import { requireKeys } from '../../shared/config.js';
import { graphConfig } from '../../shared/settings/graph.js';
import type { Ledger } from '../../ports/ledger.js';
import type { AwsBase, Provider } from '../compose.js';

function openLedger({ config, secrets, env }: AwsBase): GraphLedger {
  const settings = { GRAPH_TENANT_ID: config.GRAPH_TENANT_ID, GRAPH_CLIENT_ID: config.GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET: config.GRAPH_CLIENT_SECRET, GRAPH_REFRESH_TOKEN: config.GRAPH_REFRESH_TOKEN, GRAPH_WORKBOOK_PATH: config.GRAPH_WORKBOOK_PATH };
  // The ledger is an Excel table on OneDrive (docs/deploy.md); checked at composition too (config-needs.ts).
  const { GRAPH_TENANT_ID: tenantId, GRAPH_CLIENT_ID: clientId, GRAPH_CLIENT_SECRET: clientSecret, GRAPH_REFRESH_TOKEN: refreshToken, GRAPH_WORKBOOK_PATH: workbookPath } = requireKeys(settings, graphConfig.where(config.STAGE));
  const auth = new RefreshTokenAuth({ tenantId, clientId, clientSecret, refreshToken, secretId: config.GRAPH_TOKEN_SECRET_ID ?? env.FLUXO_SECRET_ID, authority: config.GRAPH_AUTHORITY_URL }, secrets);
  return new GraphLedger(auth, { workbookPath, tableName: config.GRAPH_TABLE_NAME, baseUrl: config.GRAPH_BASE_URL });
}

/** The Excel table on OneDrive through Microsoft Graph, opened on the first call (its settings were checked when the function was composed). */
export const graphLedger: Provider<'ledger'> = (base) => {
  let ledger: GraphLedger | undefined;
  const open = (): GraphLedger => (ledger ??= openLedger(base));
  return {
    add: async (row) => open().add(row),
    list: async (filter) => open().list(filter),
    remove: async (sender, id) => open().remove(sender, id),
    update: async (sender, id, fields) => open().update(sender, id, fields),
  } satisfies Ledger;
};
