export type Kind = 'sqs' | 'http' | 'task' | 'scheduled';

export interface Names {
  /** `sample_thing` */
  fn: string;
  /** `sample` */
  flow: string;
  /** `thing` (may contain underscores: `big_thing`) */
  what: string;
  /** `sample-thing`, for port and adapter file names */
  kebab: string;
  /** `thing` or `big-thing`, the use case file name */
  whatFile: string;
  /** `SampleThing` */
  pascal: string;
  /** `sampleThing` */
  camel: string;
}

export function namesOf(fn: string): Names {
  const [flow, ...rest] = fn.split('_');
  const pascal = fn
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const what = rest.join('_');
  return { fn, flow: flow ?? fn, what, kebab: fn.replace(/_/g, '-'), whatFile: what.replace(/_/g, '-'), pascal, camel: pascal.charAt(0).toLowerCase() + pascal.slice(1) };
}

export function portFile(n: Names): string {
  return `/** Where ${n.fn} sends what it accepted. Replace with the real dependency of the use case. */
export interface ${n.pascal}Sink {
  accept(item: { id: string; payload: string }): Promise<void>;
}
`;
}

export function localAdapterFile(n: Names): string {
  return `import type { Logger } from '../../platform/logger.js';
import type { ${n.pascal}Sink } from '../../ports/${n.kebab}.js';

/** Stub adapter: logs what it accepts. Replace it with a real one (and an AWS one). */
export class Logging${n.pascal}Sink implements ${n.pascal}Sink {
  constructor(private readonly logger: Logger) {}

  async accept(item: { id: string; payload: string }): Promise<void> {
    this.logger.info({ id: item.id }, '${n.fn} accepted an item');
  }
}
`;
}

export function useCaseFile(n: Names): string {
  return `import * as z from '../../shared/zod.js';
import type { ${n.pascal}Sink } from '../../ports/${n.kebab}.js';

export const ${n.camel}Input = z.object({
  id: z.string().check(z.trim(), z.minLength(1)),
  payload: z._default(z.string().check(z.maxLength(10_000)), ''),
});

export type ${n.pascal}Input = z.infer<typeof ${n.camel}Input>;

/** The use case behind ${n.fn}: one entry point for Lambda, the local engine and the CLI. */
export async function ${n.camel}(input: ${n.pascal}Input, sink: ${n.pascal}Sink): Promise<{ id: string; accepted: true }> {
  await sink.accept({ id: input.id, payload: input.payload });
  return { id: input.id, accepted: true };
}
`;
}

const KIND_IMPORT: Record<Kind, string> = {
  sqs: `import { ValidationError } from '../shared/errors.js';
import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';`,
  http: `import { ValidationError } from '../shared/errors.js';
import { httpApi } from '../platform/kinds/http-api.js';`,
  task: `import { stateTask } from '../platform/kinds/state-task.js';`,
  scheduled: `import { scheduled } from '../platform/kinds/scheduled.js';`,
};

function kindBody(kind: Kind, n: Names): string {
  const sink = `new Logging${n.pascal}Sink(deps.logger)`;
  const issues = "${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}";
  switch (kind) {
    case 'sqs':
      return `export const build = (deps: Ports<'db'>) =>
  sqsConsumer(deps, {
    name: '${n.fn}',
    parse: (message) => {
      const parsed = ${n.camel}Input.safeParse(message);
      if (!parsed.success) throw new ValidationError(\`invalid message: ${issues}\`);
      return parsed.data;
    },
    handle: async (input) => {
      await ${n.camel}(input, ${sink});
    },
  });`;
    case 'http':
      return `export const build = (deps: Ports) =>
  httpApi(deps, {
    name: '${n.fn}',
    routes: {
      'POST /${n.flow}/${n.whatFile}': async (request) => {
        const parsed = ${n.camel}Input.safeParse(request.body);
        if (!parsed.success) throw new ValidationError(\`invalid body: ${issues}\`);
        return { status: 200, body: await ${n.camel}(parsed.data, ${sink}) };
      },
    },
  });`;
    case 'task':
      return `export const build = (deps: Ports) =>
  stateTask(deps, { name: '${n.fn}', input: ${n.camel}Input, handle: async (input) => ${n.camel}(input, ${sink}) });`;
    case 'scheduled':
      return `export const build = (deps: Ports) =>
  scheduled(deps, {
    name: '${n.fn}',
    handle: async (event) => {
      await ${n.camel}({ id: event.id, payload: event.time }, ${sink});
    },
  });`;
  }
}

export function handlerFile(kind: Kind, n: Names): string {
  const usesSchema = kind !== 'scheduled';
  return `${KIND_IMPORT[kind]}
import { Logging${n.pascal}Sink } from '../adapters/local/${n.kebab}.js';
import type { Ports } from '../ports/index.js';
import { ${n.camel}${usesSchema ? `, ${n.camel}Input` : ''} } from '../workflows/${n.flow}/${n.whatFile}.js';
import { onAws } from './compose.js';
${kind === 'sqs' ? "import { pgDb } from './wiring/db.js';\n" : ''}
${kindBody(kind, n)}

// The ports this function uses, and their AWS providers (src/handlers/wiring): only these are bundled.
export const main = onAws(${kind === 'sqs' ? '{ db: pgDb }' : '{}'}, build);
`;
}

/** The function's line in src/handlers/manifest.ts: its kind, its ports (those its `main` wires), its loader. */
export function manifestEntry(kind: Kind, n: Names): string {
  return `  ${n.fn}: fn({ kind: '${kind}', ports: [${kind === 'sqs' ? "'db'" : ''}], load: () => import('./${n.fn}.js') }),\n`;
}

export function testFile(n: Names): string {
  return `import { ${n.camel}, ${n.camel}Input } from '../../../src/workflows/${n.flow}/${n.whatFile}.js';

describe('${n.fn}', () => {
  it('accepts a valid item and hands it to the sink', async () => {
    const accepted: { id: string; payload: string }[] = [];
    const result = await ${n.camel}(${n.camel}Input.parse({ id: ' a-1 ', payload: 'x' }), { accept: async (item) => void accepted.push(item) });
    expect(result).toEqual({ id: 'a-1', accepted: true });
    expect(accepted).toEqual([{ id: 'a-1', payload: 'x' }]);
  });

  it('rejects an item without id', () => {
    expect(${n.camel}Input.safeParse({ payload: 'x' }).success).toBe(false);
  });
});
`;
}

export function serverlessFunction(kind: Kind, n: Names): string {
  // Its own role: X-Ray; add the statements for what it touches, and the secrets its ports read
  // (*twilioSecret, *openaiSecret, ... with FLUXO_SECRET_IDS: docs/deploy.md, IAM and secrets).
  const head = `  ${n.fn}:
    handler: src/handlers/${n.fn}.main
    iamRoleStatements:
      - *xray
`;
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
