import type { PortName } from '../../ports/index.js';
import { portSecrets, useCaseSecrets, type AppSecret, type SecretAccess } from './app-secrets.js';

/** IAM actions on a resource; `resource` matches the statement's Resource as serverless.yml writes it (JSON text). */
export interface Grant {
  actions: readonly string[];
  resource?: RegExp;
}

/** What a port's AWS provider (this folder) needs from the stack: IAM statements and function environment. */
export interface PortNeeds {
  /** Each grant must be in the role of a function using the port (at least one of its actions). */
  grants: readonly Grant[];
  /** More actions the port may be given (a prefix or a resource its use cases choose). */
  mayAlso?: readonly Grant[];
  /** Environment the provider reads: on the function or on the provider (every function). */
  env?: readonly string[];
  /** Environment set per function: only a function using the port may have it. */
  functionEnv?: readonly string[];
}

const DATABASE = { actions: ['rds-data:ExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'], resource: /DatabaseCluster|external-database/ };
const DATABASE_SECRET = { actions: ['secretsmanager:GetSecretValue'], resource: /DatabaseCluster|DatabaseSecretArn/ };
const database: PortNeeds = { grants: [DATABASE, DATABASE_SECRET], functionEnv: ['DATABASE_CLUSTER_ARN', 'DATABASE_SECRET_ID', 'DATABASE_NAME', 'DATABASE_HOST', 'DATABASE_SSLMODE'] };
const OBJECTS = ['s3:GetObject', 's3:PutObject'];
const STATE_MACHINES = 'STATE_MACHINE_ARN_PREFIX';

/** IAM for the application secrets a port or use case reads (src/handlers/wiring/app-secrets.ts), and where it finds them. */
export function secretNeeds(secrets: Partial<Record<AppSecret, SecretAccess>>): PortNeeds {
  const entries = Object.entries(secrets) as [AppSecret, SecretAccess][];
  if (entries.length === 0) return { grants: [] };
  const arn = (name: AppSecret) => new RegExp(`secret:\\$\\{self:service\\}/\\$\\{sls:stage\\}/${name}-\\?{6}`);
  const grants = entries.flatMap(([name, access]) => [
    { actions: ['secretsmanager:GetSecretValue'], resource: arn(name) },
    ...(access === 'rotate' ? [{ actions: ['secretsmanager:PutSecretValue'], resource: arn(name) }] : []),
  ]);
  const rotates = entries.some(([, access]) => access === 'rotate');
  return { grants, functionEnv: ['FLUXO_SECRET_IDS', ...(rotates ? ['GRAPH_TOKEN_SECRET_ID'] : [])] };
}

/** A port's own needs plus those of the secrets it reads. */
function withSecrets(port: PortName, needs: PortNeeds): PortNeeds {
  const secrets = secretNeeds(portSecrets[port] ?? {});
  return { ...needs, grants: [...needs.grants, ...secrets.grants], functionEnv: [...(needs.functionEnv ?? []), ...(secrets.functionEnv ?? [])] };
}

/**
 * Per port, what serverless.yml must give a function that uses it, and all it may give:
 * the manifest (src/handlers/manifest.ts) names a function's ports, and
 * test/unit/function-manifest.test.ts checks each function's role and environment
 * against these (a port without its grant fails there, not at deploy).
 */
const ownNeeds: Record<PortName, PortNeeds> = {
  db: database,
  clients: database,
  summaries: database,
  // Failures waiting for the database are listed and removed once recorded (src/workflows/csv/failures.ts).
  objects: { grants: [{ actions: OBJECTS }], mayAlso: [{ actions: ['s3:DeleteObject', 's3:ListBucket'] }] },
  queues: { grants: [{ actions: ['sqs:SendMessage'] }] },
  topics: { grants: [{ actions: ['sns:Publish'] }] },
  kv: { grants: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] }], mayAlso: [{ actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] }], env: ['CONVERSATIONS_TABLE'] },
  workflows: { grants: [{ actions: ['states:StartExecution'] }], env: [STATE_MACHINES] },
  history: { grants: [{ actions: ['states:ListExecutions'] }, { actions: ['states:GetExecutionHistory'] }], mayAlso: [{ actions: ['states:DescribeExecution'] }], env: [STATE_MACHINES] },
  secrets: { grants: [{ actions: ['secretsmanager:GetSecretValue'] }] },
  // The Graph app and its refresh token (rotated): secret grants from app-secrets.ts.
  ledger: { grants: [] },
  // Charts are hosted in the media bucket for Twilio to fetch by a presigned GET.
  messages: { grants: [{ actions: ['s3:PutObject'], resource: /MediaBucket/ }], mayAlso: [{ actions: OBJECTS, resource: /MediaBucket/ }], env: ['MEDIA_BUCKET'] },
  // OpenAI and Twilio answer to keys in their secrets, not to IAM.
  model: { grants: [] },
  transcriber: { grants: [] },
  media: { grants: [] },
  // fluxo:port-needs (fluxo generate function adds a port's needs above this line)
};

export const portNeeds = Object.fromEntries(Object.entries(ownNeeds).map(([port, needs]) => [port, withSecrets(port as PortName, needs)])) as Record<PortName, PortNeeds>;

/** What a function needs for its own use case, not through a port (the webhook's Twilio signature). */
export function useCaseNeeds(functionName: string): PortNeeds {
  return secretNeeds(useCaseSecrets[functionName] ?? {});
}

/** What every function's role holds whatever its ports: X-Ray. No secret: a function reads only its ports' (app-secrets.ts). */
export const baseGrants: readonly Grant[] = [{ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] }];
