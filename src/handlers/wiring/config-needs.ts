import { missingKeys, type BaseConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';
import type { ConfigModule } from '../../shared/settings/module.js';
import { graphConfig } from '../../shared/settings/graph.js';
import { openaiConfig } from '../../shared/settings/openai.js';
import { twilioConfig } from '../../shared/settings/twilio.js';
import { workflowsConfig } from '../../shared/settings/workflows.js';
import type { PortName } from '../../ports/index.js';

/** The settings a port's AWS provider (this folder) cannot work without, and the module declaring them. */
export interface ConfigNeed {
  module: ConfigModule;
  keys: readonly (keyof BaseConfig)[];
}

const TWILIO_ACCOUNT = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const;

/**
 * Per port, the keys its provider needs. A port absent here needs none (its settings have
 * defaults, or the function's IAM role is all it needs); the database's URL-or-secret choice
 * is made, and checked, where it is opened (db.ts).
 */
export const portConfig: Partial<Record<PortName, ConfigNeed>> = {
  workflows: { module: workflowsConfig, keys: ['STATE_MACHINE_ARN_PREFIX'] },
  history: { module: workflowsConfig, keys: ['STATE_MACHINE_ARN_PREFIX'] },
  model: { module: openaiConfig, keys: ['OPENAI_API_KEY'] },
  transcriber: { module: openaiConfig, keys: ['OPENAI_API_KEY'] },
  messages: { module: twilioConfig, keys: [...TWILIO_ACCOUNT, 'TWILIO_WHATSAPP_FROM'] },
  media: { module: twilioConfig, keys: TWILIO_ACCOUNT },
  ledger: { module: graphConfig, keys: ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_REFRESH_TOKEN', 'GRAPH_WORKBOOK_PATH'] },
};

/**
 * Checks, once when a function is composed (its cold start on Lambda, the start of `fluxo
 * service`/`consume`/`serve`/`work`), that the config holds every key its ports need: else one
 * ConfigError naming them all, `missing configuration: A, B (set them in <where>)`.
 */
export function checkPortConfig(config: BaseConfig, ports: readonly PortName[]): void {
  const missing = new Set<string>();
  const where = new Set<string>();
  for (const port of ports) {
    const need = portConfig[port];
    if (!need) continue;
    const keys = missingKeys(Object.fromEntries(need.keys.map((key) => [key, config[key]])));
    for (const key of keys) missing.add(key);
    if (keys.length) where.add(need.module.where(config.STAGE));
  }
  if (missing.size) throw ConfigError.missing([...missing], [...where].join(', '));
}
