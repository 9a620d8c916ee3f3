import { missingKeys, type BaseConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';
import type { ConfigModule } from '../../shared/settings/module.js';
import { assistantConfig } from '../../shared/settings/assistant.js';
import { clientsConfig } from '../../shared/settings/clients.js';
import { coreConfig } from '../../shared/settings/core.js';
import { csvConfig } from '../../shared/settings/csv.js';
import { databaseConfig } from '../../shared/settings/database.js';
import { graphConfig } from '../../shared/settings/graph.js';
import { httpSigningConfig } from '../../shared/settings/http-signing.js';
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
export function checkPortConfig(config: BaseConfig, ports: readonly PortName[], useCase: readonly UseCaseSettings[] = []): void {
  const missing = new Set<string>();
  const where = new Set<string>();
  const needs = [...ports.map((port) => portConfig[port]), ...useCase.flatMap((name) => useCaseSettings[name].map((settings: Settings) => (settings.required ? { module: settings.module, keys: settings.required } : undefined)))];
  for (const need of needs) {
    if (!need) continue;
    const keys = missingKeys(Object.fromEntries(need.keys.map((key) => [key, config[key]])));
    for (const key of keys) missing.add(key);
    if (keys.length) where.add(need.module.where(config.STAGE));
  }
  if (missing.size) throw ConfigError.missing([...missing], [...where].join(', '));
}

type Key = keyof BaseConfig;

/** Settings a port's provider or a use case reads: a module's keys (all of them unless `keys` picks some), `required` checked at composition. */
export interface Settings {
  module: ConfigModule;
  keys?: readonly Key[];
  required?: readonly Key[];
}

const whole = (module: ConfigModule): Settings => ({ module });

/**
 * Per port, the settings its provider reads (this folder), beyond the core's (STAGE, AWS_REGION, LOG_LEVEL...).
 * A port absent here reads its {@link portConfig} module whole (a generated port's module reaches its provider).
 */
export const portSettings: Partial<Record<PortName, readonly Settings[]>> = {
  db: [whole(databaseConfig)],
  clients: [whole(databaseConfig)],
  summaries: [whole(databaseConfig)],
  kv: [{ module: assistantConfig, keys: ['CONVERSATIONS_TABLE'] }],
  workflows: [whole(workflowsConfig)],
  history: [whole(workflowsConfig)],
  model: [whole(openaiConfig)],
  transcriber: [whole(openaiConfig)],
  ledger: [whole(graphConfig)],
  messages: [{ module: twilioConfig, keys: [...TWILIO_ACCOUNT, 'TWILIO_WHATSAPP_FROM', 'TWILIO_API_BASE_URL'] }, { module: assistantConfig, keys: ['MEDIA_BUCKET'] }],
  media: [{ module: twilioConfig, keys: TWILIO_ACCOUNT }],
};

/**
 * Settings a function reads for its use case rather than through a port, named in its manifest
 * entry (`settings: ['csv']`) and given to `onAws` alike: the CsvSummary steps' sizes and work
 * bucket, the default phone region, the conversations table, the webhook's signature check
 * (its token and public URL: checked at cold start, as a port's are).
 */
export const useCaseSettings = {
  csv: [whole(csvConfig)],
  clients: [whole(clientsConfig)],
  conversations: [{ module: assistantConfig, keys: ['CONVERSATIONS_TABLE'] }],
  'twilio-webhook': [
    { module: twilioConfig, keys: ['TWILIO_AUTH_TOKEN', 'WHATSAPP_WEBHOOK_URL'], required: ['TWILIO_AUTH_TOKEN', 'WHATSAPP_WEBHOOK_URL'] },
    { module: assistantConfig, keys: ['TRANSCRIBER'] },
  ],
  // A generated HTTP function's request signatures (src/platform/request-signature.ts).
  'signed-http': [{ module: httpSigningConfig, required: ['HTTP_SIGNING_SECRET'] }],
} satisfies Record<string, readonly Settings[]>;

export type UseCaseSettings = keyof typeof useCaseSettings;

const keysOf = (settings: Settings): readonly Key[] => settings.keys ?? (Object.keys(settings.module.shape) as Key[]);

/** What one function reads: the core's settings, its ports' and its use case's. */
function settingsOf(ports: readonly PortName[], useCase: readonly UseCaseSettings[]): Settings[] {
  return [whole(coreConfig), ...ports.flatMap((port) => portSettings[port] ?? (portConfig[port] ? [whole(portConfig[port].module)] : [])), ...useCase.flatMap((name) => useCaseSettings[name])];
}

/** The keys a function's config holds: nothing of another module, so no function reads another's secret by accident. */
export function configKeysOf(ports: readonly PortName[], useCase: readonly UseCaseSettings[] = []): Set<string> {
  return new Set(settingsOf(ports, useCase).flatMap(keysOf));
}

/**
 * A function's own config, from the stage's: only the keys of its ports and use case
 * ({@link configKeysOf}), after checking the ones it cannot run without ({@link checkPortConfig}
 * and its use case's `required`: every missing key in one line, never a value).
 */
export function ownConfig(config: BaseConfig, ports: readonly PortName[], useCase: readonly UseCaseSettings[] = []): BaseConfig {
  checkPortConfig(config, ports, useCase);
  return pickConfig(config, ports, useCase);
}

/** Only the keys of these ports and use case, unchecked: the local stack's functions (local adapters need no keys). */
export function pickConfig(config: BaseConfig, ports: readonly PortName[], useCase: readonly UseCaseSettings[] = []): BaseConfig {
  const keys = configKeysOf(ports, useCase);
  return Object.fromEntries(Object.entries(config).filter(([key]) => keys.has(key))) as BaseConfig;
}
