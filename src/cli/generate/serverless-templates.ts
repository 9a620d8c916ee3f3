import type { Kind, Names } from './templates.js';

export function serverlessFunction(kind: Kind, n: Names): string {
  // Its own role: X-Ray, and the statements of its ports (src/handlers/wiring/grants.ts; the
  // manifest test checks them). Its own port needs none until its AWS adapter calls a service.
  // An SQS function records poison messages in the database: the db port's VPC, environment and grants.
  const database = kind === 'sqs' ? `    vpc: *dbVpc
    environment: *dbEnvironment
` : '';
  const head = `  ${n.fn}:
    handler: src/handlers/${n.fn}.main
${database}    iamRoleStatements:
      - *xray
${kind === 'sqs' ? '      - *databaseSecret\n      - *dataApi\n' : ''}`;
  switch (kind) {
    case 'sqs':
      return `${head}    events:
      - sqs:
          arn: !GetAtt ${n.pascal}Queue.Arn
          batchSize: 10
          functionResponseType: ReportBatchItemFailures
`;
    case 'http':
      return `${head}    events:
      - httpApi:
          method: POST
          path: /${n.flow}/${n.whatFile}
`;
    case 'task':
      return head;
    case 'scheduled':
      return `${head}    events:
      - schedule: rate(1 hour)
`;
  }
}

export function serverlessResources(kind: Kind, n: Names): string {
  if (kind !== 'sqs') return '';
  return `    ${n.pascal}Queue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${self:service}-\${sls:stage}-${n.kebab}
        VisibilityTimeout: 180
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt ${n.pascal}DeadLetterQueue.Arn
          maxReceiveCount: 3
    ${n.pascal}DeadLetterQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${self:service}-\${sls:stage}-${n.kebab}-dlq
        MessageRetentionPeriod: 1209600
`;
}
