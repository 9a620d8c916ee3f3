import type { Names } from './templates.js';

/**
 * The port a generated function uses, and where it plugs in: the interface in src/ports, a
 * local adapter (src/adapters/local) and an AWS adapter skeleton (src/adapters/aws) with its
 * provider (src/handlers/wiring), each added where the composition roots list their ports.
 */

export function portFile(n: Names): string {
  return `/** What ${n.fn} hands an accepted item to. Rename and reshape it after the real dependency of the use case. */
export interface ${n.pascal}Item {
  /**
   * What makes two deliveries the same one (an SQS message's id, an event's id): accepting a key
   * again has no further effect, so a message processed twice (SQS delivers at least once) has one effect.
   */
  key: string;
  id: string;
  payload: string;
}

/** Where ${n.fn} sends what it accepted: \`Deps.${n.port}\` (src/ports/index.ts). Idempotent on the item's key. */
export interface ${n.pascal}Sink {
  /** Accepts the item once per key; true when this call had the effect, false when the key was accepted already. */
  accept(item: ${n.pascal}Item): Promise<boolean>;
}
`;
}

export function localAdapterFile(n: Names): string {
  return `import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ${n.pascal}Item, ${n.pascal}Sink } from '../../ports/${n.kebab}.js';

/**
 * ${n.pascal}Sink on a laptop (src/local/stack/compose.ts): each accepted item is a line of
 * \`$FLUXO_HOME/${n.kebab}.jsonl\`, or kept in memory without a data folder (tests). A key already
 * there is not written again: the same message delivered twice is one line.
 */
export class Local${n.pascal}Sink implements ${n.pascal}Sink {
  private readonly memory: ${n.pascal}Item[] = [];
  private keys: Promise<Set<string>> | undefined;
  constructor(readonly file?: string) {}

  async accept(item: ${n.pascal}Item): Promise<boolean> {
    const keys = await (this.keys ??= this.load());
    if (keys.has(item.key)) return false;
    keys.add(item.key);
    if (!this.file) this.memory.push(item);
    else {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, \`\${JSON.stringify(item)}\\n\`);
    }
    return true;
  }

  /** What was accepted in memory (a sink without a file). */
  accepted(): readonly ${n.pascal}Item[] {
    return this.memory;
  }

  /** The keys accepted before this process started (the file's lines). */
  private async load(): Promise<Set<string>> {
    const text = this.file ? await readFile(this.file, 'utf8').catch(() => '') : '';
    return new Set(text.split('\\n').filter(Boolean).map((line) => (JSON.parse(line) as ${n.pascal}Item).key));
  }
}
`;
}

export function awsAdapterFile(n: Names): string {
  return `import { NotImplementedError } from '../../shared/errors.js';
import type { ${n.pascal}Item, ${n.pascal}Sink } from '../../ports/${n.kebab}.js';
import type { AwsClientSettings } from './clients.js';

/**
 * ${n.pascal}Sink on AWS: a skeleton for the service ${n.fn} writes to. Build its SDK client
 * from \`settings\` (\`clientConfig(settings)\`, so tests can point it at moto), then add the IAM
 * actions it calls to the port's needs (src/handlers/wiring/grants.ts) and to the function's
 * iamRoleStatements in serverless.yml (test/unit/function-manifest.test.ts checks both agree).
 * Keep it idempotent on \`item.key\` (a conditional write such as DynamoDB's \`attribute_not_exists\`,
 * an S3 key or a Step Functions execution named after it): SQS may deliver a message twice.
 */
export class Aws${n.pascal}Sink implements ${n.pascal}Sink {
  constructor(readonly settings: AwsClientSettings) {}

  async accept(item: ${n.pascal}Item): Promise<boolean> {
    throw new NotImplementedError(\`${n.fn}: Aws${n.pascal}Sink.accept is not written yet (src/adapters/aws/${n.kebab}.ts); item \${item.id} was not delivered\`);
  }
}
`;
}

export function providerFile(n: Names): string {
  return `import type { Provider } from '../compose.js';

/** The \`${n.port}\` port on AWS; its adapter is imported on the first invocation and bundled only with the functions that wire it. */
export const ${n.provider}: Provider<'${n.port}'> = async ({ settings }) => new (await import('../../adapters/aws/${n.kebab}.js')).Aws${n.pascal}Sink(settings);
`;
}

/** A line inserted before a marker comment of an existing file. */
export interface Insertion {
  file: string;
  marker: string;
  text: string;
}

/** The new port in the files that list every port: Deps, both composition roots, the IAM needs, the test deps. */
export function portInsertions(n: Names): Insertion[] {
  return [
    { file: 'src/ports/index.ts', marker: '// fluxo:port-imports', text: `import type { ${n.pascal}Sink } from './${n.kebab}.js';\n` },
    { file: 'src/ports/index.ts', marker: '// fluxo:port-exports', text: `export type * from './${n.kebab}.js';\n` },
    { file: 'src/ports/index.ts', marker: '// fluxo:ports', text: `  /** Where ${n.fn} sends what it accepted (src/ports/${n.kebab}.ts). */\n  ${n.port}: ${n.pascal}Sink;\n` },
    { file: 'src/handlers/wiring/all.ts', marker: '// fluxo:provider-imports', text: `import { ${n.provider} } from './${n.kebab}.js';\n` },
    { file: 'src/handlers/wiring/all.ts', marker: '// fluxo:providers', text: `  ${n.port}: ${n.provider},\n` },
    { file: 'src/handlers/wiring/grants.ts', marker: '// fluxo:port-needs', text: `  // ${n.fn}: the IAM actions and environment its AWS adapter (src/adapters/aws/${n.kebab}.ts) needs.\n  ${n.port}: { grants: [] },\n` },
    { file: 'src/local/stack/compose.ts', marker: '// fluxo:local-adapter-imports', text: `import { Local${n.pascal}Sink } from '../../adapters/local/${n.kebab}.js';\n` },
    { file: 'src/local/stack/compose.ts', marker: '// fluxo:local-adapters', text: `    ${n.port}: new Local${n.pascal}Sink(under('${n.kebab}.jsonl')),\n` },
    { file: 'test/support/deps.ts', marker: '// fluxo:local-adapter-imports', text: `import { Local${n.pascal}Sink } from '../../src/adapters/local/${n.kebab}.js';\n` },
    { file: 'test/support/deps.ts', marker: '// fluxo:local-adapters', text: `    ${n.port}: new Local${n.pascal}Sink(),\n` },
  ];
}
