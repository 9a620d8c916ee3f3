import type { PortName } from '../../ports/index.js';

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

/** The stage secret (`<service>/<stage>`): every function reads its typed config from it. */
export const STAGE_SECRET = /secret:\$\{self:service\}\/\$\{sls:stage\}/;
const DATABASE = { actions: ['rds-data:ExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'], resource: /DatabaseCluster|external-database/ };
const DATABASE_SECRET = { actions: ['secretsmanager:GetSecretValue'], resource: /DatabaseCluster|databaseSecretName/ };
const database: PortNeeds = { grants: [DATABASE, DATABASE_SECRET], functionEnv: ['DATABASE_CLUSTER_ARN', 'DATABASE_SECRET_ID', 'DATABASE_NAME'] };
const OBJECTS = ['s3:GetObject', 's3:PutObject'];
const STATE_MACHINES = 'STATE_MACHINE_ARN_PREFIX';

/**
 * Per port, what serverless.yml must give a function that uses it, and all it may give:
 * the manifest (src/handlers/manifest.ts) names a function's ports, and
 * test/unit/function-manifest.test.ts checks each function's role and environment
 * against these (a port without its grant fails there, not at deploy).
 */
export const portNeeds: Record<PortName, PortNeeds> = {
  db: database,
  clients: database,
  summaries: database,
  objects: { grants: [{ actions: OBJECTS }] },
  queues: { grants: [{ actions: ['sqs:SendMessage'] }] },
  topics: { grants: [{ actions: ['sns:Publish'] }] },
  kv: { grants: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] }], mayAlso: [{ actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] }], env: ['CONVERSATIONS_TABLE'] },
  workflows: { grants: [{ actions: ['states:StartExecution'] }], env: [STATE_MACHINES] },
  history: { grants: [{ actions: ['states:ListExecutions'] }, { actions: ['states:GetExecutionHistory'] }], mayAlso: [{ actions: ['states:DescribeExecution'] }], env: [STATE_MACHINES] },
  secrets: { grants: [{ actions: ['secretsmanager:GetSecretValue'] }] },
  // Microsoft rotates the Graph refresh token: the ledger writes the new one back to its secret.
  ledger: { grants: [{ actions: ['secretsmanager:PutSecretValue'] }], mayAlso: [{ actions: ['secretsmanager:GetSecretValue'] }] },
  // Charts are hosted in the media bucket for Twilio to fetch by a presigned GET.
  messages: { grants: [{ actions: ['s3:PutObject'], resource: /MediaBucket/ }], mayAlso: [{ actions: OBJECTS, resource: /MediaBucket/ }], env: ['MEDIA_BUCKET'] },
  // OpenAI and Twilio answer to keys in the secret, not to IAM.
  model: { grants: [] },
  transcriber: { grants: [] },
  media: { grants: [] },
};

/** What every function's role holds whatever its ports: X-Ray and its config in the stage secret. */
export const baseGrants: readonly Grant[] = [{ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] }, { actions: ['secretsmanager:GetSecretValue'], resource: STAGE_SECRET }];
