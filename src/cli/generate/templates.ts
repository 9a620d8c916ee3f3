export type Kind = 'sqs' | 'http' | 'task' | 'scheduled';

export interface Names {
  /** `sample_thing` */
  fn: string;
  /** `sample` */
  flow: string;
  /** The flow's folder under src/workflows (and test/unit): `clients` for the flow `client` when that folder exists. */
  folder: string;
  /** `thing` (may contain underscores: `big_thing`) */
  what: string;
  /** `sample-thing`, for port and adapter file names */
  kebab: string;
  /** `thing` or `big-thing`, the use case file name */
  whatFile: string;
  /** `SampleThing` */
  pascal: string;
  /** `sampleThing`: the use case's function */
  camel: string;
  /** `sampleThing`: the port's key in Deps and in the manifest entry */
  port: string;
  /** `awsSampleThing`: the port's AWS provider (src/handlers/wiring) */
  provider: string;
}

export function namesOf(fn: string): Names {
  const [flow, ...rest] = fn.split('_');
  const pascal = fn
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const what = rest.join('_');
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return { fn, flow: flow ?? fn, folder: flow ?? fn, what, kebab: fn.replace(/_/g, '-'), whatFile: what.replace(/_/g, '-'), pascal, camel, port: camel, provider: `aws${pascal}` };
}

/** The ports a function of this kind uses: its own, and the database where its kind records poison messages. */
export function portsOf(kind: Kind, n: Names): string[] {
  return kind === 'sqs' ? ['db', n.port] : [n.port];
}

export function useCaseFile(n: Names): string {
  return `import * as z from '../../shared/zod.js';
import type { ${n.pascal}Sink } from '../../ports/${n.kebab}.js';

export const ${n.camel}Input = z.object({
  id: z.string().check(z.trim(), z.minLength(1)),
  payload: z._default(z.string().check(z.maxLength(10_000)), ''),
});

export type ${n.pascal}Input = z.infer<typeof ${n.camel}Input>;

/**
 * The use case behind ${n.fn}: one entry point for Lambda, the local engine and the CLI; the sink is a port.
 * \`key\` is what makes two deliveries the same (the SQS message's id): the sink accepts a key once.
 */
export async function ${n.camel}(input: ${n.pascal}Input, sink: ${n.pascal}Sink, key = input.id): Promise<{ id: string; accepted: boolean }> {
  const accepted = await sink.accept({ key, id: input.id, payload: input.payload });
  return { id: input.id, accepted };
}
`;
}

const KIND_IMPORT: Record<Kind, string> = {
  sqs: `import { ValidationError } from '../shared/errors.js';
import { sqsConsumer } from '../platform/kinds/sqs-consumer.js';`,
  http: `import { ValidationError } from '../shared/errors.js';
import { httpApi } from '../platform/kinds/http-api.js';
import { SIGNATURE_HEADER, verifyBodySignature } from '../platform/request-signature.js';`,
  task: `import { stateTask } from '../platform/kinds/state-task.js';`,
  scheduled: `import { ValidationError } from '../shared/errors.js';
import { scheduled } from '../platform/kinds/scheduled.js';`,
};

function kindBody(kind: Kind, n: Names): string {
  const ports = portsOf(kind, n)
    .map((port) => `'${port}'`)
    .join(' | ');
  const sink = `deps.${n.port}`;
  const issues = "${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}";
  switch (kind) {
    case 'sqs':
      return `export const build = (deps: Ports<${ports}>) =>
  sqsConsumer(deps, {
    name: '${n.fn}',
    parse: (message) => {
      const parsed = ${n.camel}Input.safeParse(message);
      if (!parsed.success) throw new ValidationError(\`invalid message: ${issues}\`);
      return parsed.data;
    },
    // Keyed by the delivery, as client_ingest is: the SNS MessageId when SNS carried it, else SQS's own.
    handle: async (input, { messageId, snsMessageId }) => {
      await ${n.camel}(input, ${sink}, snsMessageId ?? messageId);
    },
  });`;
    case 'http':
      return `export const build = (deps: Ports<${ports}>) =>
  httpApi(deps, {
    name: '${n.fn}',
    routes: {
      'POST /${n.flow}/${n.whatFile}': async (request) => {
        // Only a caller holding the function's signing secret (its own secret on AWS): 403 otherwise, as the WhatsApp webhook.
        verifyBodySignature(deps.config.HTTP_SIGNING_SECRET, request.headers[SIGNATURE_HEADER], request.rawBody);
        const parsed = ${n.camel}Input.safeParse(request.body);
        if (!parsed.success) throw new ValidationError(\`invalid body: ${issues}\`);
        return { status: 200, body: await ${n.camel}(parsed.data, ${sink}) };
      },
    },
  });`;
    case 'task':
      return `export const build = (deps: Ports<${ports}>) =>
  stateTask(deps, { name: '${n.fn}', input: ${n.camel}Input, handle: async (input) => ${n.camel}(input, ${sink}) });`;
    case 'scheduled':
      return `export const build = (deps: Ports<${ports}>) =>
  scheduled(deps, {
    name: '${n.fn}',
    handle: async (event) => {
      const parsed = ${n.camel}Input.safeParse({ id: event.id, payload: event.time });
      if (!parsed.success) throw new ValidationError(\`invalid event: ${issues}\`);
      await ${n.camel}(parsed.data, ${sink});
    },
  });`;
  }
}

export function handlerFile(kind: Kind, n: Names): string {
  const providers = [...(kind === 'sqs' ? [['pgDb', './wiring/db.js']] : []), [n.provider, `./wiring/${n.kebab}.js`]];
  const wiring = portsOf(kind, n)
    .map((port, index) => `${port}: ${providers[index]?.[0]}`)
    .join(', ');
  return `${KIND_IMPORT[kind]}
import type { Ports } from '../ports/index.js';
import { ${n.camel}, ${n.camel}Input } from '../workflows/${n.folder}/${n.whatFile}.js';
import { onAws } from './compose.js';
${providers.map(([name, file]) => `import { ${name} } from '${file}';`).join('\n')}

${kindBody(kind, n)}

// Its ports and their AWS providers (src/handlers/wiring): only their adapters are in its bundle.
// Locally src/local/stack/compose.ts gives it the local adapter of each port its manifest entry lists.
export const main = onAws({ ${wiring} }, build${kind === 'http' ? ", ['signed-http']" : ''});
`;
}

/** The function's line in src/handlers/manifest.ts: its kind, its ports (those its `main` wires), its loader. */
export function manifestEntry(kind: Kind, n: Names): string {
  const ports = portsOf(kind, n)
    .map((port) => `'${port}'`)
    .join(', ');
  return `  ${n.fn}: fn({ kind: '${kind}', ports: [${ports}], ${kind === 'http' ? "settings: ['signed-http'], " : ''}load: () => import('./${n.fn}.js') }),\n`;
}

export function testFile(n: Names): string {
  return `import { Local${n.pascal}Sink } from '../../../src/adapters/local/${n.kebab}.js';
import { ${n.camel}, ${n.camel}Input } from '../../../src/workflows/${n.folder}/${n.whatFile}.js';

describe('${n.fn}', () => {
  it('hands a valid item to the sink, trimmed', async () => {
    const sink = new Local${n.pascal}Sink();
    const result = await ${n.camel}(${n.camel}Input.parse({ id: ' a-1 ', payload: 'x' }), sink);
    expect(result).toEqual({ id: 'a-1', accepted: true });
    expect(sink.accepted()).toEqual([{ key: 'a-1', id: 'a-1', payload: 'x' }]);
  });

  it('has one effect when the same message is processed twice', async () => {
    const sink = new Local${n.pascal}Sink();
    const input = ${n.camel}Input.parse({ id: 'a-1', payload: 'x' });
    expect(await ${n.camel}(input, sink, 'message-1')).toEqual({ id: 'a-1', accepted: true });
    expect(await ${n.camel}(input, sink, 'message-1')).toEqual({ id: 'a-1', accepted: false });
    expect(sink.accepted()).toEqual([{ key: 'message-1', id: 'a-1', payload: 'x' }]);
  });

  it('refuses an item without id', () => {
    expect(${n.camel}Input.safeParse({ payload: 'x' }).success).toBe(false);
  });
});
`;
}
