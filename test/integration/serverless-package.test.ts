import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import pg from 'pg';
import { artifactsOf, packageStage, unpack, zipEntries, type Artifact, type Template } from '../../scripts/artifacts.js';
import { secretsOf } from '../../src/handlers/wiring/app-secrets.js';
import { describeFindings, findLinter, lintTemplate, SAMPLE_DATABASE_SECRET_ARN, STACKS } from '../../scripts/cfn-lint.js';
import { clientConfig } from '../../src/adapters/aws/clients.js';
import { functionList } from '../../src/handlers/manifest.js';
import { signedWebhookEvent, twilioParams } from '../../src/local/stack/chat.js';
import { wiring as localWiring } from '../../src/local/stack/topology.js';
import { WORK_PREFIXES } from '../../src/workflows/csv/work-keys.js';
import { openServerDb, type ServerDb } from '../support/db.js';
import { s3Event, snsEnvelope, sqsEvent } from '../support/events.js';

const run = promisify(execFile);

const require = createRequire(import.meta.url);
const { logicalId } = require('../../statemachines/definitions.cjs') as { logicalId: (fn: string) => string };


/** The ASL file as committed: the template's definition must equal it once ARNs are named back. */
function expectedDefinition(file: string): unknown {
  const text = readFileSync(path.join('statemachines', file), 'utf8');
  return JSON.parse(text);
}

/** serverless-step-functions spells out the default `"QueryLanguage": "JSONPath"` on every state. */
function withoutDefaultQueryLanguage(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaultQueryLanguage);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => !(key === 'QueryLanguage' && item === 'JSONPath'))
        .map(([key, item]) => [key, withoutDefaultQueryLanguage(item)]),
    );
  }
  return value;
}

let template: Template;
let prod: Template;
let external: Template;
let devPackage = '';
/** The packaged stacks by label (`dev create`, ...): the folders the linter reads. */
const packaged = new Map<string, string>();
const label = (stage: string, params: Record<string, string>) => `${stage} ${params.database ?? 'create'}`;
const MB = 1024 * 1024;

/** The machines deployed to AWS; hello is the local engine's sample only. */
const DEPLOYED = readdirSync('statemachines').filter((file) => file.endsWith('.asl.json') && file !== 'hello.asl.json');

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
function statementsOf(resources: Template['Resources'], roleId: string): Statement[] {
  const role = resources[roleId]?.Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } | undefined;
  return (role?.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
}

beforeAll(async () => {
  // One after the other: serverless-esbuild builds in the project's .esbuild folder.
  // No credentials and no network: packaging must work offline.
  const [dev, prodCreate, prodExternal] = [STACKS[0], STACKS[1], STACKS[3]];
  for (const stack of [dev, prodCreate, prodExternal]) {
    if (!stack) continue;
    const packagedStack = await packageStage(stack.stage, undefined, stack.params);
    packaged.set(label(stack.stage, stack.params), packagedStack.out);
    if (stack === dev) ({ template, out: devPackage } = packagedStack);
    else if (stack === prodCreate) prod = packagedStack.template;
    else external = packagedStack.template;
  }
}, 400_000);

/** The functions that use the database (repositories, or poison messages in the SQS consumers), as the manifest says. */
const DATABASE_FUNCTIONS = functionList.filter((spec) => spec.ports.some((port) => port === 'db' || port === 'clients' || port === 'summaries')).map((spec) => spec.name);

describe('CsvSummary on a Distributed Map for huge files', () => {
  it('reads the manifest with ItemReader, runs Express children bounded by MaxConcurrencyPath, tolerates no failure, writes results to S3', () => {
    const [body] = (template.Resources.CsvSummaryStateMachine?.Properties.DefinitionString as { 'Fn::Sub': [string, unknown] })['Fn::Sub'];
    const map = (JSON.parse(body) as { States: Record<string, Record<string, unknown>> }).States.SummarizeHugeChunks;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Key.$': '$.plan.manifest.key' } },
      MaxConcurrencyPath: '$.plan.maxConcurrency',
      ToleratedFailurePercentage: 0,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      // Per execution (map-runs/<execution>/<map run>/): RecordFailure reads a failed run's children there.
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Prefix.$': '$.plan.results' } },
      Catch: [expect.objectContaining({ Next: 'RecordFailure' })],
    });
  });

  it('lets the machine start its own children, read the work bucket and write none of the functions\' prefixes', () => {
    const statements = statementsOf(template.Resources, 'CsvSummaryStateMachineRole');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['states:StartExecution'], Resource: [{ 'Fn::Sub': ['arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:fluxo-dev-csv-summary', {}] }] });
    // The plugin cannot read a Prefix.$ path, so it allows PutObject on the bucket (beside the ItemReader's GetObject);
    // a Deny keeps the machine's writes out of the functions' prefixes.
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [{ 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${bucket}/*', { bucket: { Ref: 'WorkBucket' } }] }] });
    const others = Object.values(WORK_PREFIXES).filter((prefix) => prefix !== WORK_PREFIXES.mapRuns);
    expect(statements).toContainEqual({ Effect: 'Deny', Action: ['s3:PutObject'], Resource: others.map((prefix) => ({ 'Fn::Sub': `\${WorkBucket.Arn}/${prefix}*` })) });
    expect(JSON.stringify(statements.filter((statement) => JSON.stringify(statement.Action).includes('s3:')))).not.toContain('UploadsBucket');
    const plan = statementsOf(template.Resources, `${logicalId('csv_plan').replace('LambdaFunction', '')}IamRoleLambdaExecution`);
    expect(plan).toContainEqual({ Effect: 'Allow', Action: ['s3:PutObject'], Resource: { 'Fn::Sub': '${WorkBucket.Arn}/manifests/*' } });
  });
});

describe('the database in the stack (params.database)', () => {
  it('create (the default): Aurora PostgreSQL Serverless v2 with a managed, encrypted secret and the Data API; protected on prod only', () => {
    expect(template.Conditions?.CreateDatabase).toEqual({ 'Fn::Equals': ['create', 'create'] });
    const cluster = template.Resources.DatabaseCluster;
    expect(cluster).toMatchObject({ Type: 'AWS::RDS::DBCluster', Condition: 'CreateDatabase', DeletionPolicy: 'Delete' });
    expect(cluster?.Properties).toMatchObject({ Engine: 'aurora-postgresql', ManageMasterUserPassword: true, StorageEncrypted: true, EnableHttpEndpoint: true, DeletionProtection: false, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5 } });
    expect(cluster?.Properties).not.toHaveProperty('MasterUserPassword');
    expect(template.Resources.DatabaseInstance?.Properties).toMatchObject({ DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
    expect(prod.Resources.DatabaseCluster).toMatchObject({ DeletionPolicy: 'Snapshot', Properties: expect.objectContaining({ DeletionProtection: true }) });
  });

  it('opens PostgreSQL only to the client security group: no 0.0.0.0/0 ingress anywhere', () => {
    const ingress = template.Resources.DatabaseSecurityGroup?.Properties.SecurityGroupIngress;
    expect(ingress).toEqual([{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': ['DatabaseClientSecurityGroup', 'GroupId'] } }]);
    for (const stage of [template, prod, external]) {
      const groups = Object.values(stage.Resources).filter((resource) => resource.Type === 'AWS::EC2::SecurityGroup' || resource.Type === 'AWS::EC2::SecurityGroupIngress');
      expect(JSON.stringify(groups)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    }
  });

  it('wires the cluster and its managed secret into the database functions, which need no VPC, with IAM scoped to that cluster', () => {
    for (const name of DATABASE_FUNCTIONS) {
      const fn = template.Resources[logicalId(name)]?.Properties as { Environment: { Variables: Record<string, unknown> }; VpcConfig?: { SubnetIds: unknown[] } };
      expect([name, fn.Environment.Variables.DATABASE_CLUSTER_ARN]).toEqual([name, { 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'DBClusterArn'] }, ''] }]);
      expect(fn.Environment.Variables.DATABASE_SECRET_ID).toEqual({ 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'MasterUserSecret.SecretArn'] }, { Ref: 'DatabaseSecretArn' }] });
      expect(fn.VpcConfig?.SubnetIds ?? []).toEqual([]);
      const statements = statementsOf(template.Resources, `${logicalId(name).replace('LambdaFunction', '')}IamRoleLambdaExecution`);
      expect(statements).toContainEqual({ Effect: 'Allow', Action: ['rds-data:ExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'], Resource: expect.objectContaining({ 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'DBClusterArn'] }, expect.anything()] }) });
      expect(statements).toContainEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: expect.objectContaining({ 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'MasterUserSecret.SecretArn'] }, expect.anything()] }) });
    }
    // Nothing else touches the database.
    const others = Object.entries(template.Resources).filter(([id, resource]) => id.endsWith('IamRoleLambdaExecution') && !DATABASE_FUNCTIONS.some((name) => id === `${logicalId(name).replace('LambdaFunction', '')}IamRoleLambdaExecution`) && JSON.stringify(resource).includes('rds-data'));
    expect(others.map(([id]) => id)).toEqual([]);
  });

  it('migrates on every deploy: a custom resource backed by db_migrate, with the hash of migrations/*.sql', async () => {
    const { createRequire } = await import('node:module');
    const hash = (createRequire(import.meta.url)('../../scripts/migrations-hash.cjs') as () => string)();
    expect(template.Resources.DatabaseMigrations).toMatchObject({ Type: 'Custom::Migrations', Properties: { ServiceToken: { 'Fn::GetAtt': [logicalId('db_migrate'), 'Arn'] }, MigrationsHash: hash, Database: { 'Fn::If': ['CreateDatabase', { Ref: 'DatabaseInstance' }, 'external'] } } });
    expect(String(template.Resources.DatabaseMigrations?.Properties.DeployId)).not.toBe(String(prod.Resources.DatabaseMigrations?.Properties.DeployId));
  });

  it('external: no cluster is created; the functions run in the stage\'s subnets and read exactly the named RDS secret', () => {
    expect(external.Conditions?.CreateDatabase).toEqual({ 'Fn::Equals': ['external', 'create'] });
    const parameter = (external as { Parameters?: Record<string, { Default?: string; AllowedPattern?: string }> }).Parameters?.DatabaseSecretArn;
    expect(parameter?.Default).toBe(SAMPLE_DATABASE_SECRET_ARN);
    // An empty or wildcard ARN is refused by CloudFormation before anything is created.
    for (const bad of ['', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!*']) expect(new RegExp(parameter?.AllowedPattern ?? '').test(bad)).toBe(false);
    for (const name of DATABASE_FUNCTIONS) {
      const statements = statementsOf(external.Resources, `${logicalId(name).replace('LambdaFunction', '')}IamRoleLambdaExecution`);
      expect(statements).toContainEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: { 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'MasterUserSecret.SecretArn'] }, { Ref: 'DatabaseSecretArn' }] } });
      const fn = external.Resources[logicalId(name)]?.Properties as { Environment: { Variables: Record<string, unknown> } };
      expect(fn.Environment.Variables.DATABASE_SECRET_ID).toEqual({ 'Fn::If': ['CreateDatabase', { 'Fn::GetAtt': ['DatabaseCluster', 'MasterUserSecret.SecretArn'] }, { Ref: 'DatabaseSecretArn' }] });
    }
    for (const stage of [template, prod, external]) expect(JSON.stringify(stage)).not.toContain('rds!*');
    expect(external.Resources.DatabaseMigrations?.Properties.Database).toEqual({ 'Fn::If': ['CreateDatabase', { Ref: 'DatabaseInstance' }, 'external'] });
  });
});

describe('npx sls package --stage dev', () => {
  it('packages functions on nodejs22.x arm64 with stage-scoped names, traced', () => {
    const fn = template.Resources[logicalId('csv_inspect')];
    expect(fn?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], FunctionName: 'fluxo-dev-csv_inspect', TracingConfig: { Mode: 'Active' } });
    expect(prod.Resources[logicalId('csv_inspect')]?.Properties.FunctionName).toBe('fluxo-prod-csv_inspect');
  });

  it('has one state machine per statemachines/*.asl.json whose definition is that file with function ARNs substituted', () => {
    const machines = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
    const files = DEPLOYED;
    expect(files).toHaveLength(3);
    expect(machines).toHaveLength(files.length);
    for (const file of files) {
      const name = `fluxo-dev-${file.replace(/\.asl\.json$/, '')}`;
      const machine = machines.find((resource) => resource.Properties.StateMachineName === name);
      expect(machine).toBeDefined();
      const [body, substitutions] = (machine?.Properties.DefinitionString as { 'Fn::Sub': [string, Record<string, { 'Fn::GetAtt': [string, string] } | { Ref: string }>] })['Fn::Sub'];
      let resolved = body;
      for (const [placeholder, value] of Object.entries(substitutions)) {
        if ('Ref' in value) {
          // A table or bucket the machine names: it must exist in the template.
          expect(template.Resources[value.Ref]).toBeDefined();
          resolved = resolved.split(`\${${placeholder}}`).join(`\${${value.Ref}}`);
          continue;
        }
        const fn = Object.entries(template.Resources).find(([id]) => id === value['Fn::GetAtt'][0]);
        expect(fn).toBeDefined();
        const fnName = String(fn?.[1].Properties.FunctionName).replace(/^fluxo-dev-/, '');
        resolved = resolved.split(`\${${placeholder}}`).join(`\${${fnName}}`);
      }
      expect(withoutDefaultQueryLanguage(JSON.parse(resolved))).toEqual(expectedDefinition(file));
    }
  });

  it('wires NewClientNotification -> NewClientFunctionSQS (+ DLQ after 3 receives) -> client_ingest with partial batch failure', () => {
    const resources = template.Resources;
    expect(resources.NewClientNotificationTopic?.Properties.TopicName).toBe('fluxo-dev-NewClientNotification');
    expect(resources.NewClientFunctionSQS?.Properties).toMatchObject({
      QueueName: 'fluxo-dev-NewClientFunctionSQS',
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['NewClientFunctionDLQ', 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(resources.NewClientSubscription?.Properties).toEqual({ Protocol: 'sqs', TopicArn: { Ref: 'NewClientNotificationTopic' }, Endpoint: { 'Fn::GetAtt': ['NewClientFunctionSQS', 'Arn'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['NewClientFunctionDLQ', 'Arn'] } } });
    const policy = resources.NewClientFunctionSQSPolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'NewClientNotificationTopic' } } } }),
    ]);
    const mapping = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(resource.Properties.EventSourceArn).includes('NewClientFunctionSQS'));
    expect(mapping?.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], FunctionName: { 'Fn::GetAtt': [logicalId('client_ingest'), 'Arn'] } });
    const machine = resources.ClientRegistrationStateMachine;
    expect(machine?.Properties).toMatchObject({ StateMachineName: 'fluxo-dev-client-registration', StateMachineType: 'STANDARD' });
  });

  it('wires the uploads bucket (incoming/*.csv) -> CsvUploadNotification -> CsvUploadsQueue (+ DLQ) -> csv_ingest and the CsvSummary machine', () => {
    const resources = template.Resources;
    const notification = (resources.UploadsBucket?.Properties.NotificationConfiguration as { TopicConfigurations: unknown[] }).TopicConfigurations;
    expect(notification).toEqual([
      { Event: 's3:ObjectCreated:*', Topic: { Ref: 'CsvUploadNotification' }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'incoming/' }] } } },
    ]);
    const topicPolicy = resources.CsvUploadNotificationPolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    expect(topicPolicy.Statement).toEqual([expect.objectContaining({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'CsvUploadNotification' } })]);
    expect(resources.CsvUploadsSubscription?.Properties).toEqual({ Protocol: 'sqs', TopicArn: { Ref: 'CsvUploadNotification' }, Endpoint: { 'Fn::GetAtt': ['CsvUploadsQueue', 'Arn'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['CsvUploadsDLQ', 'Arn'] } } });
    expect(resources.CsvUploadsQueue?.Properties).toMatchObject({ RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['CsvUploadsDLQ', 'Arn'] }, maxReceiveCount: 5 } });
    // Visibility timeout >= 6x the consumer's timeout.
    const ingestTimeout = resources[logicalId('csv_ingest')]?.Properties.Timeout as number;
    expect(resources.CsvUploadsQueue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingestTimeout);
    const mapping = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(resource.Properties.EventSourceArn).includes('CsvUploadsQueue'));
    expect(mapping?.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], FunctionName: { 'Fn::GetAtt': [logicalId('csv_ingest'), 'Arn'] } });
    expect(resources.CsvSummaryStateMachine?.Properties).toMatchObject({ StateMachineName: 'fluxo-dev-csv-summary', StateMachineType: 'STANDARD' });
  });

  it('routes POST /webhook/whatsapp to whatsapp_webhook and has the conversations table, the media bucket and the AssistantTurn machine', () => {
    const resources = template.Resources;
    expect(resources.HttpApiRoutePostWebhookWhatsapp?.Properties).toMatchObject({ RouteKey: 'POST /webhook/whatsapp' });
    const webhook = resources[logicalId('whatsapp_webhook')]?.Properties as { Environment: { Variables: Record<string, unknown> }; Timeout: number };
    expect(webhook.Timeout).toBeLessThanOrEqual(10);
    expect(JSON.stringify(webhook.Environment.Variables.WHATSAPP_WEBHOOK_URL)).toContain('/webhook/whatsapp');
    expect(webhook.Environment.Variables).toMatchObject({ CONVERSATIONS_TABLE: { Ref: 'ConversationsTable' }, MEDIA_BUCKET: { Ref: 'MediaBucket' } });
    expect(resources.ConversationsTable?.Properties).toMatchObject({ BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'sender', KeyType: 'HASH' }] });
    expect(resources.MediaBucket?.Type).toBe('AWS::S3::Bucket');
    const machine = resources.AssistantTurnStateMachine?.Properties as { StateMachineName: string; StateMachineType?: string; RoleArn: { 'Fn::GetAtt': [string, string] } };
    expect(machine.StateMachineName).toBe('fluxo-dev-assistant-turn');
    const role = resources[machine.RoleArn['Fn::GetAtt'][0]]?.Properties as { Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[] };
    const statements = role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
    const forAction = (action: string) => statements.filter((statement) => ([] as string[]).concat(statement.Action).includes(action));
    expect(forAction('dynamodb:UpdateItem').map((statement) => statement.Resource)).toEqual([[{ 'Fn::GetAtt': ['ConversationsTable', 'Arn'] }]]);
    expect(forAction('transcribe:StartTranscriptionJob')).toHaveLength(1);
    expect(forAction('s3:PutObject').map((statement) => JSON.stringify(statement.Resource))).toEqual([expect.stringContaining('transcripts/*')]);
  });

  it('gives every function its own role, with no * action and * resources only where AWS has no resource-level permission', () => {
    // AWS accepts only '*' for these: X-Ray segments and sampling, vended-log delivery set-up, Transcribe jobs.
    const starAllowed = /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|transcribe:(StartTranscriptionJob|GetTranscriptionJob))$/;
    for (const resources of [template.Resources, prod.Resources]) {
      const functions = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThanOrEqual(20);
      const roles = functions.map(([, fn]) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
      expect(new Set(roles).size).toBe(functions.length);
      expect(roles).not.toContain('IamRoleLambdaExecution');
      for (const [id] of Object.entries(resources).filter(([, item]) => item.Type === 'AWS::IAM::Role')) {
        for (const statement of statementsOf(resources, id)) {
          const actions = ([] as string[]).concat(statement.Action);
          for (const action of actions) expect(`${id}: ${action}`).not.toMatch(/(^|:)\*$/);
          const targets = ([] as unknown[]).concat(statement.Resource);
          if (targets.includes('*')) for (const action of actions) expect(`${id}: ${action}`).toMatch(new RegExp(`: ${starAllowed.source.slice(1)}`));
        }
      }
    }
    const resources = template.Resources;
    const of = (fn: string) => statementsOf(resources, (resources[logicalId(fn)]?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    expect(of('client_ingest')).toContainEqual(expect.objectContaining({ Action: ['states:StartExecution'], Resource: [{ Ref: 'ClientRegistrationStateMachine' }] }));
    expect(JSON.stringify(of('csv_inspect'))).not.toContain('states:StartExecution');
    expect(JSON.stringify(of('assistant_fetch_media'))).toContain('/media/*');
    expect(of('ops_transitions')).toContainEqual(expect.objectContaining({ Action: ['states:ListExecutions'], Resource: [{ Ref: 'CsvSummaryStateMachine' }, { Ref: 'ClientRegistrationStateMachine' }, { Ref: 'AssistantTurnStateMachine' }] }));
    // The ClientRegistration machine sends to exactly its DLQ.
    const clientRole = (resources.ClientRegistrationStateMachine?.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(statementsOf(resources, clientRole)).toContainEqual(expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['NewClientFunctionDLQ', 'Arn'] }] }));
  });

  it('makes failures visible: queues with redrive, DLQ and machine alarms to the ops topic, error-only logs without execution data, tracing, retention', () => {
    const resources = template.Resources;
    const queues = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue');
    // A DLQ: what a queue's redrive, an SNS subscription, a rule target or an async invoke config dead-letters into.
    type GetAtt = { 'Fn::GetAtt': [string, string] } | undefined;
    const deadLetterTargets = new Set(
      Object.values(resources)
        .flatMap((resource) => [
          (resource.Properties.RedrivePolicy as { deadLetterTargetArn?: GetAtt } | undefined)?.deadLetterTargetArn,
          ...((resource.Properties.Targets as { DeadLetterConfig?: { Arn: GetAtt } }[] | undefined) ?? []).map((target) => target.DeadLetterConfig?.Arn),
          (resource.Properties.DestinationConfig as { OnFailure?: { Destination: GetAtt } } | undefined)?.OnFailure?.Destination,
        ])
        .map((arn) => arn?.['Fn::GetAtt'][0])
        .filter(Boolean),
    );
    expect([...deadLetterTargets].sort()).toEqual(['CsvUploadsDLQ', 'NewClientFunctionDLQ', 'OpsScheduleDLQ']);
    for (const [id, queue] of queues) {
      if (deadLetterTargets.has(id)) {
        const alarm = Object.values(resources).find((resource) => resource.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(resource.Properties.Dimensions).includes(`"${id}"`));
        expect(alarm?.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'OpsTopic' }] });
      } else expect(queue.Properties.RedrivePolicy).toBeDefined();
    }
    for (const machine of ['CsvSummaryStateMachine', 'ClientRegistrationStateMachine', 'AssistantTurnStateMachine']) {
      expect(resources[machine]?.Properties).toMatchObject({ TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false } });
      const alarm = Object.values(resources).find((resource) => resource.Type === 'AWS::CloudWatch::Alarm' && resource.Properties.MetricName === 'ExecutionsFailed' && JSON.stringify(resource.Properties.Dimensions).includes(machine));
      expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/States', Threshold: 1, AlarmActions: [{ Ref: 'OpsTopic' }] });
    }
    const retention = (stage: Template) => Object.values(stage.Resources).filter((resource) => resource.Type === 'AWS::Logs::LogGroup').map((group) => group.Properties.RetentionInDays);
    expect(new Set(retention(template))).toEqual(new Set([30]));
    expect(new Set(retention(prod))).toEqual(new Set([90]));
  });

  it('agrees with the local wiring: the same queues (redrive, visibility, batch, consumer), topics, subscriptions and bucket notifications', () => {
    const resources = template.Resources;
    const byName = (type: string, property: string, name: string) => Object.entries(resources).find(([, resource]) => resource.Type === type && resource.Properties[property] === `fluxo-dev-${name}`);
    for (const queue of localWiring.queues) {
      const found = byName('AWS::SQS::Queue', 'QueueName', queue.name);
      expect(`${queue.name}: ${Boolean(found)}`).toBe(`${queue.name}: true`);
      const [id, resource] = found ?? ['', { Properties: {} as Record<string, unknown> }];
      const redrive = resource.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] }; maxReceiveCount: number } | undefined;
      expect({ queue: queue.name, dlq: redrive ? resources[redrive.deadLetterTargetArn['Fn::GetAtt'][0]]?.Properties.QueueName : undefined, maxReceiveCount: redrive?.maxReceiveCount }).toEqual({
        queue: queue.name,
        dlq: queue.settings?.deadLetterQueue ? `fluxo-dev-${queue.settings.deadLetterQueue}` : undefined,
        maxReceiveCount: queue.settings?.maxReceiveCount,
      });
      if (queue.settings?.visibilityTimeoutMs !== undefined) expect(Number(resource.Properties.VisibilityTimeout) * 1000).toBe(queue.settings.visibilityTimeoutMs);
      const mapping = Object.values(resources).find((item) => item.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(item.Properties.EventSourceArn).includes(`"${id}"`));
      expect({ queue: queue.name, consumer: mapping ? String(resources[(mapping.Properties.FunctionName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]]?.Properties.FunctionName).replace('fluxo-dev-', '') : undefined, batchSize: mapping?.Properties.BatchSize }).toEqual({
        queue: queue.name,
        consumer: queue.consumer,
        batchSize: queue.consumer ? queue.settings?.batchSize : undefined,
      });
    }
    for (const topic of localWiring.topics) {
      const [topicId] = byName('AWS::SNS::Topic', 'TopicName', topic.name) ?? [''];
      const subscribed = Object.values(resources)
        .filter((item) => item.Type === 'AWS::SNS::Subscription' && JSON.stringify(item.Properties.TopicArn) === JSON.stringify({ Ref: topicId }))
        .map((item) => ({ queue: String(resources[(item.Properties.Endpoint as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]]?.Properties.QueueName).replace('fluxo-dev-', ''), raw: Boolean(item.Properties.RawMessageDelivery) }));
      expect({ topic: topic.name, subscribed }).toEqual({ topic: topic.name, subscribed: topic.subscriptions.map((subscription) => ({ queue: subscription.queue, raw: Boolean(subscription.rawMessageDelivery) })) });
    }
    const notifying = localWiring.buckets.filter((bucket) => bucket.notify);
    expect(notifying).toHaveLength(1);
    const rules = (resources.UploadsBucket?.Properties.NotificationConfiguration as { TopicConfigurations: { Topic: { Ref: string }; Filter: { S3Key: { Rules: { Name: string; Value: string }[] } } }[] }).TopicConfigurations;
    expect(rules.map((rule) => ({ topic: String(resources[rule.Topic.Ref]?.Properties.TopicName).replace('fluxo-dev-', ''), prefix: rule.Filter.S3Key.Rules.find((item) => item.Name === 'prefix')?.Value, suffix: rule.Filter.S3Key.Rules.find((item) => item.Name === 'suffix')?.Value }))).toEqual(notifying.map((bucket) => bucket.notify));
  });

  it('gives every function its own zip holding its own handler, <= 5 MB unzipped, with a bundle <= 1 MB; only db_migrate ships the SQL, only assistant_send_reply the chart renderer', async () => {
    const { CHART_ASSETS } = await import('../../src/adapters/chart/resvg.js');
    const extra = (name: string, file: string) => (name === 'db_migrate' && /^migrations\/\d+_\w+\.sql$/.test(file)) || (name === 'assistant_send_reply' && (CHART_ASSETS as readonly string[]).includes(file));
    const artifacts = artifactsOf(template, devPackage);
    const functions = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function' && String(resource.Properties.FunctionName ?? '').startsWith('fluxo-dev-'));
    expect(artifacts).toHaveLength(functions.length);
    expect(new Set(artifacts.map((artifact) => artifact.zip)).size).toBe(artifacts.length);
    for (const artifact of artifacts) {
      const entries = await zipEntries(artifact.zip);
      const names = entries.map((entry) => entry.name);
      // The Handler the template names is in this function's own zip, and nothing but its bundle (and SQL for db_migrate).
      expect(`${artifact.name}: ${names.includes(artifact.handlerFile)}`).toBe(`${artifact.name}: true`);
      expect(names.filter((name) => name !== artifact.handlerFile && !extra(artifact.name, name))).toEqual([]);
      if (artifact.name === 'assistant_send_reply') expect(names.filter((name) => extra(artifact.name, name)).sort()).toEqual([...CHART_ASSETS].sort());
      const unzipped = entries.reduce((sum, entry) => sum + entry.size, 0);
      expect(`${artifact.name}: ${unzipped <= 5 * MB}`).toBe(`${artifact.name}: true`);
      const bundle = entries.find((entry) => entry.name === artifact.handlerFile)?.size ?? Infinity;
      expect(`${artifact.name}: ${bundle} bytes <= 1 MB: ${bundle <= MB}`).toMatch(/true$/);
      if (artifact.name === 'db_migrate') expect(names.filter((name) => name.endsWith('.sql')).length).toBe(readdirSync('migrations').filter((file) => file.endsWith('.sql')).length);
    }
  });

  it('keeps twilio, openai and the Graph client out of the functions that do not use them', async () => {
    const bundleOf = async (name: string) => {
      const artifact = artifactsOf(template, devPackage).find((item) => item.name === name);
      if (!artifact) throw new Error(`no artifact for ${name}`);
      return readFileSync(path.join(await unpack(artifact), artifact.handlerFile), 'utf8');
    };
    const validate = await bundleOf('client_validate');
    // Markers of each library's code (strings that survive minification).
    for (const marker of ['api.openai.com', 'graph.microsoft.com', 'api.twilio.com', 'pg-pool']) expect(`client_validate: ${marker}: ${validate.includes(marker)}`).toMatch(/false$/);
    expect((await bundleOf('assistant_respond')).includes('api.openai.com')).toBe(true);
  });
});

describe('the stack as AWS\'s own tools judge it', () => {
  const linter = findLinter();

  it('lints clean with cfn-lint and the Serverless Rules: dev and prod, database create and external (CFN_LINT or ../shared/tools/cfn-lint/run)', async () => {
    if (!linter) {
      console.log('cfn-lint: no linter on this machine (set CFN_LINT); the four templates were not linted');
      return;
    }
    const report: string[] = [];
    let errors = 0;
    for (const { stage, params } of STACKS) {
      const name = label(stage, params);
      // The fourth stack (dev, external) is packaged only here, when there is a linter to read it.
      const out = packaged.get(name) ?? (await packageStage(stage, undefined, params)).out;
      const findings = await lintTemplate(linter, path.join(out, 'cloudformation-template-update-stack.json'));
      const bad = findings.filter((finding) => finding.error);
      errors += bad.length;
      report.push(`${name}: ${bad.length} errors, ${findings.length - bad.length} warnings${bad.length ? `\n${describeFindings(bad)}` : ''}`);
    }
    console.log(`cfn-lint (${linter}):\n${report.join('\n')}`);
    expect(errors).toBe(0);
  }, 400_000);

  it('keeps every lint suppression in the resource\'s Metadata, with its reason in serverless.yml', () => {
    const suppressed = Object.entries(template.Resources).filter(([, resource]) => (resource as { Metadata?: { 'cfn-lint'?: unknown } }).Metadata?.['cfn-lint']);
    expect(suppressed.map(([id]) => id).sort()).toEqual(['ClientUnderscoreingestEventSourceMappingSQSNewClientFunctionSQS', 'CsvUnderscoreingestEventSourceMappingSQSCsvUploadsQueue', 'CsvUploadsDLQ', 'NewClientFunctionDLQ', 'OpsScheduleDLQ']);
    const yml = readFileSync('serverless.yml', 'utf8');
    for (const rule of ['ES6000', 'ES1001']) expect(yml).toMatch(new RegExp(`# ${rule} \\(|# ${rule} asks`));
  });

  it('refuses plain HTTP on every bucket and encrypts every topic (KMS, with a key S3, CloudWatch and SNS may use) and every queue', () => {
    for (const stage of [template, prod, external]) {
      const resources = stage.Resources;
      const buckets = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::S3::Bucket').map(([id]) => id);
      // The framework's deployment bucket comes with its own TLS-only policy.
      expect(buckets.sort()).toEqual(['MediaBucket', 'ServerlessDeploymentBucket', 'UploadsBucket', 'WorkBucket']);
      for (const bucket of buckets) {
        const policy = Object.values(resources).find((resource) => resource.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: bucket }));
        const statements = (policy?.Properties.PolicyDocument as { Statement: { Effect: string; Principal: string; Action: string; Condition: { Bool: Record<string, unknown> }; Resource: unknown[] }[] } | undefined)?.Statement ?? [];
        expect({ bucket, statements }).toEqual({ bucket, statements: [expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*' })] });
        // The bucket and its objects, refused unless over TLS.
        expect([bucket, String(statements[0]?.Condition.Bool['aws:SecureTransport']), statements[0]?.Resource.length]).toEqual([bucket, 'false', 2]);
        expect(resources[bucket]?.Properties.BucketEncryption).toBeDefined();
      }
      const topics = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SNS::Topic');
      expect(topics).toHaveLength(3);
      for (const [id, topic] of topics) expect([id, topic.Properties.KmsMasterKeyId]).toEqual([id, { Ref: 'TopicsKey' }]);
      const key = resources.TopicsKey?.Properties as { EnableKeyRotation: boolean; KeyPolicy: { Statement: { Principal: { Service?: string[] }; Action: string[] }[] } };
      expect(key.EnableKeyRotation).toBe(true);
      const services = key.KeyPolicy.Statement.find((statement) => statement.Principal.Service);
      expect(services).toMatchObject({ Principal: { Service: ['s3.amazonaws.com', 'cloudwatch.amazonaws.com', 'sns.amazonaws.com'] }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'] });
      for (const [id, queue] of Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')) expect([id, queue.Properties.SqsManagedSseEnabled]).toEqual([id, true]);
      expect(resources.ConversationsTable?.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  it('throttles and logs the HTTP API, caps the webhook\'s concurrency, and gives every async path a DLQ', () => {
    for (const [stage, limits] of [[template, { rate: 10, burst: 20, reserved: 5, retention: 30 }], [prod, { rate: 25, burst: 50, reserved: 20, retention: 90 }]] as const) {
      const resources = stage.Resources;
      expect(resources.HttpApiStage?.Properties).toMatchObject({
        DefaultRouteSettings: { ThrottlingRateLimit: limits.rate, ThrottlingBurstLimit: limits.burst },
        AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['HttpApiAccessLogs', 'Arn'] } },
      });
      expect(resources.HttpApiAccessLogs?.Properties.RetentionInDays).toBe(limits.retention);
      expect(resources[logicalId('whatsapp_webhook')]?.Properties.ReservedConcurrentExecutions).toBe(limits.reserved);
      // SNS subscriptions dead-letter where their queue does.
      for (const [subscription, dlq] of [['CsvUploadsSubscription', 'CsvUploadsDLQ'], ['NewClientSubscription', 'NewClientFunctionDLQ']]) {
        expect(resources[subscription ?? '']?.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      }
      const rule = Object.values(resources).find((resource) => resource.Type === 'AWS::Events::Rule');
      expect((rule?.Properties.Targets as unknown[])[0]).toMatchObject({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['OpsScheduleDLQ', 'Arn'] } }, RetryPolicy: { MaximumRetryAttempts: 10 } });
      const invokeConfigs = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig');
      expect(invokeConfigs.map((config) => config.Properties)).toEqual([expect.objectContaining({ FunctionName: { 'Fn::GetAtt': [logicalId('ops_transitions'), 'Arn'] }, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['OpsScheduleDLQ', 'Arn'] } } } })]);
      expect(statementsOf(resources, `${logicalId('ops_transitions').replace('LambdaFunction', '')}IamRoleLambdaExecution`)).toContainEqual({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['OpsScheduleDLQ', 'Arn'] } });
    }
  });

  it('lets each function read only the secrets its ports need (src/handlers/wiring/app-secrets.ts), and only the ledger rewrite one', () => {
    const DATABASE_PORTS = ['db', 'clients', 'summaries'];
    for (const stage of [template, prod, external]) {
      const stageName = String(stage.Resources[logicalId('csv_inspect')]?.Properties.FunctionName).split('-')[1];
      for (const spec of functionList.filter((item) => item.name !== 'hello_greet')) {
        const fn = stage.Resources[logicalId(spec.name)]?.Properties as { Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables: Record<string, unknown> } };
        const statements = statementsOf(stage.Resources, fn.Role['Fn::GetAtt'][0]).filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:'));
        const grants = statements.flatMap((statement) => ([] as string[]).concat(statement.Action).map((action) => `${action} ${typeof statement.Resource === 'object' && statement.Resource && 'Fn::Sub' in statement.Resource ? String(statement.Resource['Fn::Sub']).replace(/^.*:secret:/, '') : 'database'}`));
        const expected = Object.entries(secretsOf(spec.name, spec.ports)).flatMap(([name, access]) => [
          `secretsmanager:GetSecretValue fluxo/${stageName}/${name}-??????`,
          ...(access === 'rotate' ? [`secretsmanager:PutSecretValue fluxo/${stageName}/${name}-??????`] : []),
        ]);
        if (spec.ports.some((port) => DATABASE_PORTS.includes(port))) expected.push('secretsmanager:GetSecretValue database');
        expect({ fn: spec.name, grants: grants.sort() }).toEqual({ fn: spec.name, grants: expected.sort() });
        // The function loads exactly those secrets (FLUXO_SECRET_IDS), or none.
        const ids = String(fn.Environment?.Variables.FLUXO_SECRET_IDS ?? '').split(',').filter(Boolean);
        expect({ fn: spec.name, ids: ids.sort() }).toEqual({ fn: spec.name, ids: Object.keys(secretsOf(spec.name, spec.ports)).map((name) => `fluxo/${stageName}/${name}`).sort() });
      }
    }
    // No CSV, client or migration function reads an application secret.
    for (const spec of functionList.filter((item) => /^(csv_|client_|db_)/.test(item.name))) expect([spec.name, secretsOf(spec.name, spec.ports)]).toEqual([spec.name, {}]);
  });

  it('keeps the conversations table on prod (Retain, deletion protection), not on dev', () => {
    expect(prod.Resources.ConversationsTable).toMatchObject({ DeletionPolicy: 'Retain', Properties: expect.objectContaining({ DeletionProtectionEnabled: true }) });
    expect(template.Resources.ConversationsTable).toMatchObject({ DeletionPolicy: 'Delete', Properties: expect.objectContaining({ DeletionProtectionEnabled: false }) });
  });
});

/**
 * The artifacts as Lambda runs them: each function's zip unpacked into an empty
 * folder where only `@aws-sdk/*` resolves, its handler imported in a fresh Node
 * process and invoked with a real-shaped event, against moto and PostgreSQL, with
 * its config in a Secrets Manager secret (FLUXO_SECRET_ID) as on a stage.
 */
describe('the packaged artifacts, invoked as Lambda invokes them', () => {
  const endpoint = process.env.MOTO_ENDPOINT ?? '';
  const settings = { region: 'us-east-1', endpoint };
  const id = randomBytes(4).toString('hex');
  const bucket = `uploads-${id}`;
  const prefix = `arn:aws:states:us-east-1:123456789012:stateMachine:fluxo-art${id}-`;
  const authToken = `twilio-token-${id}`;
  const webhookUrl = 'https://example.execute-api.us-east-1.amazonaws.com/webhook/whatsapp';
  const sfn = new SFNClient(clientConfig(settings));
  let server: ServerDb | undefined;
  let databaseUrl = '';
  const folders = new Map<string, { dir: string; artifact: Artifact }>();
  const RESULT = 'RESULT>';

  /** One Lambda invocation: a fresh Node process imports the handler and calls it with the event. */
  async function invoke(name: string, event: unknown, overrides: Record<string, string> = {}): Promise<unknown> {
    const artifact = artifactsOf(template, devPackage).find((item) => item.name === name);
    if (!artifact) throw new Error(`no artifact for ${name}`);
    let unpacked = folders.get(name);
    if (!unpacked) folders.set(name, (unpacked = { dir: await unpack(artifact), artifact }));
    const file = pathToFileURL(path.join(unpacked.dir, artifact.handlerFile)).href;
    // Lambda freezes the process after the answer; here it exits (an open pool would keep it alive).
    const script = `const m = await import(${JSON.stringify(file)}); const out = await m.${artifact.handlerExport}(JSON.parse(process.env.EVENT), { functionName: ${JSON.stringify(name)}, awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30000 }); process.stdout.write('\\n' + RESULT + JSON.stringify(out ?? null), () => process.exit(0));`.replace('RESULT', JSON.stringify(RESULT));
    const env = {
      PATH: process.env.PATH,
      EVENT: JSON.stringify(event),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: endpoint,
      AWS_LAMBDA_FUNCTION_NAME: `fluxo-dev-${name}`,
      LAMBDA_TASK_ROOT: unpacked.dir,
      STAGE: 'dev',
      LOG_LEVEL: 'silent',
      FLUXO_SECRET_ID: `fluxo/art-${id}`,
      STATE_MACHINE_ARN_PREFIX: prefix,
      ...overrides,
    };
    try {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: unpacked.dir, timeout: 60_000 });
      // stdout is the function's log too (EMF metrics, for one): the result is the marked last line.
      return JSON.parse(stdout.slice(stdout.lastIndexOf(RESULT) + RESULT.length)) as unknown;
    } catch (error) {
      // Node prints the minified source line of an uncaught error: keep the readable lines only.
      const stderr = String((error as { stderr?: string }).stderr ?? '').split('\n').filter((line) => !/NodeVersionSupportWarning|node >=22|a\.co\//.test(line)).map((line) => (line.length > 300 ? `${line.slice(0, 150)}…` : line));
      throw new Error(`${name} failed: ${stderr.join('\n').trim().slice(-2000)}`, { cause: error });
    }
  }

  async function executionInput(machine: string, name: string): Promise<unknown> {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn: `${prefix.replace(':stateMachine:', ':execution:')}${machine}:${name}` }));
    return JSON.parse(out.input ?? 'null') as unknown;
  }

  beforeAll(async () => {
    if (!endpoint) throw new Error('MOTO_ENDPOINT is not set: run through jest (global setup starts moto)');
    // The artifacts run as child processes: they need a database over the wire (PostgreSQL, or PGlite served on a port).
    server = await openServerDb('fluxo_art');
    databaseUrl = server.url;
    await new SecretsManagerClient(clientConfig(settings)).send(
      new CreateSecretCommand({ Name: `fluxo/art-${id}`, SecretString: JSON.stringify({ DATABASE_URL: databaseUrl, TWILIO_AUTH_TOKEN: authToken, WHATSAPP_WEBHOOK_URL: webhookUrl, CSV_WORK_BUCKET: `work-${id}` }) }),
    );
    await new S3Client(clientConfig(settings)).send(new CreateBucketCommand({ Bucket: bucket }));
    for (const machine of ['csv-summary', 'client-registration', 'assistant-turn']) {
      await sfn.send(new CreateStateMachineCommand({ name: `fluxo-art${id}-${machine}`, roleArn: 'arn:aws:iam::123456789012:role/fluxo', definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }) }));
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('db_migrate applies migrations/*.sql from inside its artifact, then finds nothing to do', async () => {
    const files = readdirSync('migrations').filter((file) => file.endsWith('.sql'));
    expect(await invoke('db_migrate', {})).toEqual({ applied: files.map((file) => file.replace(/\.sql$/, '')) });
    expect(await invoke('db_migrate', {})).toEqual({ applied: [] });
    // On a deploy: the DatabaseMigrations custom resource, answered on its pre-signed URL.
    const answers: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        answers.push({ method: request.method, ...(JSON.parse(body) as object) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const properties = template.Resources.DatabaseMigrations?.Properties ?? {};
      const cfn = { RequestType: 'Update', ResponseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r`, StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/fluxo-dev/1', RequestId: 'q-1', LogicalResourceId: 'DatabaseMigrations', PhysicalResourceId: 'db_migrate-DatabaseMigrations', ResourceType: 'Custom::Migrations', ResourceProperties: properties };
      expect(await invoke('db_migrate', cfn)).toEqual({ status: 'SUCCESS' });
      expect(answers).toEqual([expect.objectContaining({ method: 'PUT', Status: 'SUCCESS', RequestId: 'q-1', Data: { applied: '' } })]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('client_ingest starts one ClientRegistration per message; client_validate and client_upsert store the client once', async () => {
    const message = { name_costumer: 'Ana Souza', email: `ana.${id}@example.com`, phone: '(11) 98765-4321' };
    const envelope = snsEnvelope(message) as { MessageId: string };
    const ingest = sqsEvent(envelope);
    expect(await invoke('client_ingest', ingest)).toEqual({ batchItemFailures: [] });
    // SQS redelivers: the execution's name is taken, nothing new starts.
    expect(await invoke('client_ingest', ingest)).toEqual({ batchItemFailures: [] });
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${prefix}client-registration` }))).executions).toHaveLength(1);
    expect(await executionInput('client-registration', `client-${envelope.MessageId}`)).toMatchObject({ messageId: envelope.MessageId, message });
    const validation = (await invoke('client_validate', { message })) as { valid: boolean; client: { name: string; email: string; phone: string } };
    expect(validation).toMatchObject({ valid: true, client: { name: 'Ana Souza', email: `ana.${id}@example.com`, phone: '+5511987654321' } });
    expect(await invoke('client_upsert', { messageId: envelope.MessageId, client: validation.client })).toMatchObject({ outcome: 'created' });
    expect(await invoke('client_upsert', { messageId: envelope.MessageId, client: validation.client })).toMatchObject({ outcome: 'unchanged' });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query('select name, email, phone from clients');
    await db.end();
    expect(rows).toEqual([{ name: 'Ana Souza', email: `ana.${id}@example.com`, phone: '+5511987654321' }]);
  }, 90_000);

  it('csv_ingest starts a CsvSummary for the uploaded object; csv_inspect and csv_summarize read it from S3', async () => {
    const key = 'incoming/vendas maio.csv';
    const body = 'id,valor,cidade\n1,10.5,Recife\n2,20,Natal\n3,,Recife\n';
    const put = await new S3Client(clientConfig(settings)).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv' }));
    const etag = (put.ETag ?? '').replace(/"/g, '');
    expect(await invoke('csv_ingest', sqsEvent(snsEnvelope(s3Event(bucket, key, body.length, etag))))).toEqual({ batchItemFailures: [] });
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${prefix}csv-summary` }));
    expect(executions.executions).toHaveLength(1);
    expect(await executionInput('csv-summary', executions.executions?.[0]?.name ?? '')).toEqual({ bucket, key, etag, size: body.length });
    const file = (await invoke('csv_inspect', { bucket, key, etag })) as { header: string[]; large: boolean };
    expect(file).toMatchObject({ header: ['id', 'valor', 'cidade'], large: false, delimiter: ',' });
    const summary = (await invoke('csv_summarize', { file })) as { rows: number; columns: { name: string; mean?: number; top?: string }[] };
    expect(summary.rows).toBe(3);
    expect(summary.columns.find((column) => column.name === 'valor')?.mean).toBe(15.25);
    expect(summary.columns.find((column) => column.name === 'cidade')?.top).toBe('Recife');
  }, 90_000);

  it('whatsapp_webhook answers a signed Twilio request with empty TwiML and starts the turn; a bad signature gets 403 and starts nothing', async () => {
    const sid = `SM${id.repeat(4)}`;
    const params = twilioParams({ messageSid: sid, from: 'whatsapp:+5511999990000', to: 'whatsapp:+14155238886', accountSid: 'AC0123', text: 'gastei 10 no café' });
    const answer = (await invoke('whatsapp_webhook', signedWebhookEvent(params, { authToken, url: webhookUrl }))) as { statusCode: number; body: string; headers: Record<string, string> };
    expect(answer).toMatchObject({ statusCode: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
    expect(await executionInput('assistant-turn', sid)).toMatchObject({ turn: { messageSid: sid } });
    const forgedSid = `SM${'f'.repeat(32)}`;
    const forged = { ...params, MessageSid: forgedSid, SmsMessageSid: forgedSid };
    const refused = (await invoke('whatsapp_webhook', signedWebhookEvent(forged, { authToken, url: webhookUrl }, 'bm90IGEgc2lnbmF0dXJl'))) as { statusCode: number };
    expect(refused.statusCode).toBe(403);
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${prefix}assistant-turn` }))).executions?.map((execution) => execution.name)).toEqual([sid]);
  }, 90_000);

  it('assistant_send_reply renders a chart from inside its artifact (WebAssembly and font shipped), stores it in the media bucket and sends it as Twilio media by a presigned URL', async () => {
    const media = `media-${id}`;
    await new S3Client(clientConfig(settings)).send(new CreateBucketCommand({ Bucket: media }));
    const received: Record<string, string>[] = [];
    const twilioApi = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(Object.fromEntries(new URLSearchParams(body)));
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ sid: `SM${String(received.length).padStart(32, '0')}` }));
      });
    });
    await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', () => resolve()));
    const secretId = `fluxo/art-${id}-twilio`;
    await new SecretsManagerClient(clientConfig(settings)).send(
      new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ TWILIO_ACCOUNT_SID: 'AC0123', TWILIO_AUTH_TOKEN: authToken, TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886', TWILIO_API_BASE_URL: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}`, MEDIA_BUCKET: media }) }),
    );
    try {
      const chart = { title: 'Gastos de 01/11/2026 a 30/11/2026', bars: [{ label: 'Moradia', value: 1800 }, { label: 'Transporte', value: 25.5 }] };
      const sent = (await invoke('assistant_send_reply', { to: 'whatsapp:+5511999990000', text: 'Você gastou R$ 1.825,50.', heard: null, kind: 'answer', charts: [chart], executionName: `SM${id}` }, { FLUXO_SECRET_ID: secretId })) as { parts: number; charts: number };
      expect(sent).toMatchObject({ parts: 2, charts: 1 });
      expect(received.map((form) => form.Body)).toEqual(['Você gastou R$ 1.825,50.', chart.title]);
      const url = received[1]?.MediaUrl ?? '';
      expect(url).toContain(`/${media}/charts/SM${id}-chart-1.png`);
      expect(url).toContain('X-Amz-Signature=');
      const png = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await new Promise<void>((resolve) => twilioApi.close(() => resolve()));
    }
  }, 90_000);
});
