import type { PortName } from '../../ports/index.js';

/**
 * The application's secrets on a stage, one per consumer, named `<service>/<stage>/<name>`
 * (docs/deploy.md lists what each holds). The database's credentials are not here: RDS
 * manages that secret and only the database ports read it.
 */
export const APP_SECRETS = {
  /** Twilio: the auth token signs webhooks and authorizes sends and media downloads. */
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM', 'WHATSAPP_WEBHOOK_URL'],
  openai: ['OPENAI_API_KEY', 'OPENAI_MODEL', 'OPENAI_TRANSCRIBE_MODEL', 'OPENAI_BASE_URL'],
  /** The Entra app and the workbook. */
  graph: ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_WORKBOOK_PATH', 'GRAPH_TABLE_NAME'],
  /** The Graph refresh token alone: Microsoft rotates it and the ledger writes the new one back. */
  'graph-token': ['GRAPH_REFRESH_TOKEN'],
  // fluxo:app-secrets (fluxo generate function adds an HTTP function's signing secret above this line)
} as const;

export type AppSecret = keyof typeof APP_SECRETS;

/** How a function uses a secret: reads it, or reads and rewrites it. */
export type SecretAccess = 'read' | 'rotate';

/**
 * The secrets each port's AWS provider reads (this folder). A port absent here reads none:
 * S3, SQS, SNS, DynamoDB, Step Functions and the database answer to the function's IAM role.
 */
export const portSecrets: Partial<Record<PortName, Partial<Record<AppSecret, SecretAccess>>>> = {
  model: { openai: 'read' },
  transcriber: { openai: 'read' },
  messages: { twilio: 'read' },
  media: { twilio: 'read' },
  ledger: { graph: 'read', 'graph-token': 'rotate' },
};

/**
 * Secrets a function reads for its own use case rather than through a port: the webhook
 * checks Twilio's signature with the auth token (src/workflows/assistant/webhook.ts).
 */
export const useCaseSecrets: Record<string, Partial<Record<AppSecret, SecretAccess>>> = {
  whatsapp_webhook: { twilio: 'read' },
  // fluxo:use-case-secrets (fluxo generate function adds an HTTP function's signing secret above this line)
};

/** The secrets a function may use, from its ports and its use case; `rotate` wins over `read`. */
export function secretsOf(functionName: string, ports: readonly PortName[]): Partial<Record<AppSecret, SecretAccess>> {
  const result: Partial<Record<AppSecret, SecretAccess>> = {};
  for (const grant of [...ports.map((port) => portSecrets[port] ?? {}), useCaseSecrets[functionName] ?? {}]) {
    for (const [name, access] of Object.entries(grant) as [AppSecret, SecretAccess][]) {
      if (result[name] !== 'rotate') result[name] = access;
    }
  }
  return result;
}
