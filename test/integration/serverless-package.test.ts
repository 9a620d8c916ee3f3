import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const { logicalId } = require('../../statemachines/definitions.cjs') as { logicalId: (fn: string) => string };

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

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

let devPackage = '';

async function packageStage(stage: string): Promise<Template> {
  const out = mkdtempSync(path.join(tmpdir(), `fluxo-sls-${stage}-`));
  if (stage === 'dev') devPackage = out;
  // No credentials and no network: packaging must work offline.
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'fluxo-none', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  await run('npx', ['sls', 'package', '--stage', stage, '--package', out], { env, timeout: 240_000 });
  return JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** The machines deployed to AWS; hello is the local engine's sample only. */
const DEPLOYED = readdirSync('statemachines').filter((file) => file.endsWith('.asl.json') && file !== 'hello.asl.json');

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
function statementsOf(resources: Template['Resources'], roleId: string): Statement[] {
  const role = resources[roleId]?.Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } | undefined;
  return (role?.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
}

beforeAll(async () => {
  // One after the other: serverless-esbuild builds in the project's .esbuild folder.
  template = await packageStage('dev');
  prod = await packageStage('prod');
}, 300_000);

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
    expect(resources.NewClientSubscription?.Properties).toEqual({ Protocol: 'sqs', TopicArn: { Ref: 'NewClientNotificationTopic' }, Endpoint: { 'Fn::GetAtt': ['NewClientFunctionSQS', 'Arn'] } });
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
      { Event: 's3:ObjectCreated:*', Topic: { Ref: 'CsvUploadNotification' }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.csv' }] } } },
    ]);
    const topicPolicy = resources.CsvUploadNotificationPolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    expect(topicPolicy.Statement).toEqual([expect.objectContaining({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'CsvUploadNotification' } })]);
    expect(resources.CsvUploadsSubscription?.Properties).toEqual({ Protocol: 'sqs', TopicArn: { Ref: 'CsvUploadNotification' }, Endpoint: { 'Fn::GetAtt': ['CsvUploadsQueue', 'Arn'] } });
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
    const deadLetterTargets = new Set(queues.map(([, queue]) => (queue.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': [string, string] } } | undefined)?.deadLetterTargetArn?.['Fn::GetAtt'][0]).filter(Boolean));
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

  it('bundles every handler into an ES module that loads in Node as Lambda loads it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-bundle-'));
    await run('python3', ['-m', 'zipfile', '-e', path.join(devPackage, 'fluxo.zip'), dir]);
    const handlers = readdirSync(path.join(dir, 'src/handlers')).filter((file) => file.endsWith('.mjs'));
    expect(handlers.length).toBeGreaterThanOrEqual(20);
    // The Lambda runtime provides the AWS SDK v3 (excluded from the bundles): only it is linked in.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(path.resolve('node_modules/@aws-sdk'), path.join(dir, 'node_modules/@aws-sdk'));
    const env = { PATH: process.env.PATH, AWS_REGION: 'us-east-1', STAGE: 'dev' };
    for (const file of handlers) {
      const script = `const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'src/handlers', file)).href)}); if (typeof m.main !== 'function') throw new Error('no main');`;
      await expect(run(process.execPath, ['--input-type=module', '-e', script], { env })).resolves.toBeDefined();
    }
    expect(readdirSync(path.join(dir, 'migrations')).filter((file) => file.endsWith('.sql')).length).toBeGreaterThan(0);
  }, 120_000);
});
