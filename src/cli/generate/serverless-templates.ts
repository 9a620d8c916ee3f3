import type { Kind, Names } from './templates.js';

/**
 * The serverless.yml entries of a generated function, mirroring the repository's own of its kind:
 * an SQS consumer as client_ingest (NewClientFunctionSQS: encrypted queue, redrive to an encrypted
 * DLQ that alarms to OpsTopic), a scheduled one as ops_transitions (retries, then its DLQ from the
 * rule target and from the EventInvokeConfig, with an alarm). The template test checks both.
 */

/** The logical id prefix the Serverless Framework gives a function's resources: `billing_import` -> `BillingUnderscoreimport`. */
export function slsFunctionId(fn: string): string {
  const normalized = fn.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}`;
}

/** The dead-letter queue a generated function of this kind has, if any. */
export function deadLetterQueueOf(kind: Kind, n: Names): string | undefined {
  if (kind === 'sqs') return `${n.pascal}DeadLetterQueue`;
  if (kind === 'scheduled') return `${n.pascal}ScheduleDLQ`;
  return undefined;
}

export function serverlessFunction(kind: Kind, n: Names): string {
  // Its own role: X-Ray, and the statements of its ports (src/handlers/wiring/grants.ts; the
  // manifest test checks them). Its own port needs none until its AWS adapter calls a service.
  // An SQS function records poison messages in the database: the db port's VPC, environment and grants.
  const database = kind === 'sqs' ? `    vpc: *dbVpc
    environment: *dbEnvironment
` : '';
  const head = `  ${n.fn}:
    handler: src/handlers/${n.fn}.main
${database}`;
  const statements = `    iamRoleStatements:
      - *xray
${kind === 'sqs' ? '      - *databaseSecret\n      - *dataApi\n' : ''}`;
  switch (kind) {
    case 'sqs':
      return `${head}    events:
      - sqs:
          arn: !GetAtt ${n.pascal}Queue.Arn
          batchSize: 10
          functionResponseType: ReportBatchItemFailures
${statements}`;
    case 'http':
      // Its requests are signed with its own secret (HTTP_SIGNING_SECRET), which only its role may read.
      return `${head}    environment:
      FLUXO_SECRET_IDS: \${self:service}/\${sls:stage}/${n.kebab}-signing
    events:
      - httpApi:
          method: POST
          path: /${n.flow}/${n.whatFile}
${statements}      - Effect: Allow
        Action: [secretsmanager:GetSecretValue]
        Resource: !Sub 'arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:\${self:service}/\${sls:stage}/${n.kebab}-signing-??????'
`;
    case 'task':
      return `${head}${statements}`;
    case 'scheduled':
      return `${head}    events:
      - schedule: rate(1 hour)
    # EventBridge invokes it asynchronously: two more tries, then the event goes to ${n.pascal}ScheduleDLQ
    # (the rule's own target DLQ and retry policy are in resources.extensions).
    maximumRetryAttempts: 2
    maximumEventAge: 3600
    destinations:
      onFailure:
        type: sqs
        arn: !GetAtt ${n.pascal}ScheduleDLQ.Arn
${statements}      # Its EventInvokeConfig's OnFailure destination: Lambda sends there with this role.
      - Effect: Allow
        Action: [sqs:SendMessage]
        Resource: !GetAtt ${n.pascal}ScheduleDLQ.Arn
`;
  }
}

/** The alarm on a dead-letter queue: any message in it reaches OpsTopic (docs/operations.md). */
function alarm(queue: string, what: string): string {
  return `    ${queue}Alarm:
      Type: AWS::CloudWatch::Alarm
      Properties:
        AlarmName: \${self:service}-\${sls:stage}-${queue}-not-empty
        AlarmDescription: ${what} (docs/operations.md, DLQ redrive)
        Namespace: AWS/SQS
        MetricName: ApproximateNumberOfMessagesVisible
        Dimensions: [{ Name: QueueName, Value: !GetAtt ${queue}.QueueName }]
        Statistic: Maximum
        Period: 60
        EvaluationPeriods: 1
        Threshold: 0
        ComparisonOperator: GreaterThanThreshold
        TreatMissingData: notBreaching
        AlarmActions: [!Ref OpsTopic]
`;
}

function deadLetterQueue(queue: string, name: string): string {
  return `    ${queue}:
      Type: AWS::SQS::Queue
      Metadata:
        cfn-lint:
          config:
            # ES6000 (a queue should have a DLQ): this is the dead-letter queue; its alarm is ${queue}Alarm.
            ignore_checks: [ES6000]
      Properties:
        QueueName: \${self:service}-\${sls:stage}-${name}
        SqsManagedSseEnabled: true
        MessageRetentionPeriod: 1209600
`;
}

export function serverlessResources(kind: Kind, n: Names): string {
  if (kind === 'sqs') {
    return `    # ${n.fn}: ${n.pascal}Queue (+ DLQ, alarmed) -> ${n.fn}
    ${n.pascal}Queue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${self:service}-\${sls:stage}-${n.kebab}
        SqsManagedSseEnabled: true
        # At least 6x the consumer's timeout (30 s), as Lambda's SQS guide recommends.
        VisibilityTimeout: 180
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt ${n.pascal}DeadLetterQueue.Arn
          maxReceiveCount: 3
${deadLetterQueue(`${n.pascal}DeadLetterQueue`, `${n.kebab}-dlq`)}${alarm(`${n.pascal}DeadLetterQueue`, `A message to ${n.fn} failed three times`)}`;
  }
  if (kind === 'scheduled') {
    const id = slsFunctionId(n.fn);
    return `    # ${n.fn}'s dead letters: the schedule's events EventBridge could not deliver, and the
    # invocations that failed three times (EventInvokeConfig).
${deadLetterQueue(`${n.pascal}ScheduleDLQ`, `${n.kebab}-dlq`)}    ${n.pascal}ScheduleDLQPolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [!Ref ${n.pascal}ScheduleDLQ]
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Principal: { Service: events.amazonaws.com }
              Action: sqs:SendMessage
              Resource: !GetAtt ${n.pascal}ScheduleDLQ.Arn
              Condition:
                ArnEquals:
                  aws:SourceArn: !GetAtt ${id}EventsRuleSchedule1.Arn
${alarm(`${n.pascal}ScheduleDLQ`, `A scheduled ${n.fn} run failed three times or was not delivered`)}`;
  }
  return '';
}

/** Properties of resources the framework generates for the function (resources.extensions). */
export function serverlessExtensions(kind: Kind, n: Names): string {
  const id = slsFunctionId(n.fn);
  if (kind === 'sqs') {
    return `    # ES1001 asks for an OnFailure destination, which SQS event sources do not take: a message
    # that keeps failing goes to the queue's own DLQ (its RedrivePolicy), as AWS documents.
    ${id}EventSourceMappingSQS${n.pascal}Queue:
      Metadata:
        cfn-lint:
          config:
            ignore_checks: [ES1001]
`;
  }
  if (kind === 'scheduled') {
    return `    # ${n.fn}'s schedule: retries for an hour, then its DLQ.
    ${id}EventsRuleSchedule1:
      Properties:
        Targets:
          - Id: ${n.fn}Schedule
            Arn: !GetAtt ${id}LambdaFunction.Arn
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 }
            DeadLetterConfig: { Arn: !GetAtt ${n.pascal}ScheduleDLQ.Arn }
    # The same function as the schedule's permission names (ES1007 relates them by that value).
    ${id}LambdaEvConf:
      Properties:
        FunctionName: !GetAtt ${id}LambdaFunction.Arn
`;
  }
  return '';
}

/**
 * The local mirror of an SQS function's queue (src/local/stack/topology.ts): `npm start` and `fluxo dev` create it,
 * feed the function from it, and move a message to its DLQ after 3 receives, as serverless.yml's queue does.
 */
export function localQueues(n: Names): string {
  return `    // ${n.fn}: ${n.pascal}Queue (+ ${n.pascal}DeadLetterQueue after 3 receives) -> ${n.fn}, as serverless.yml wires it.
    { name: '${n.pascal}Queue', consumer: '${n.fn}', settings: { maxReceiveCount: 3, deadLetterQueue: '${n.pascal}DeadLetterQueue', visibilityTimeoutMs: 180_000, batchSize: 10 } },
    { name: '${n.pascal}DeadLetterQueue' },
`;
}
