import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { awsAdapterFile, localAdapterFile, portFile, portInsertions, providerFile, type Insertion } from './port-templates.js';
import { localQueues, serverlessExtensions, serverlessFunction, serverlessResources } from './serverless-templates.js';
import { checkKeys, checkLength, checkName, serviceOf, workflowFolder } from './names.js';
import { handlerFile, manifestEntry, namesOf, testFile, useCaseFile, type Kind } from './templates.js';

export const KINDS: Kind[] = ['sqs', 'http', 'task', 'scheduled'];
const MANIFEST = 'src/handlers/manifest.ts';
const PORTS = 'src/ports/index.ts';
const APP_SECRETS = 'src/handlers/wiring/app-secrets.ts';

/** Inserts `text` before the line holding `marker`; fails loudly when the marker is gone. */
function insertBefore(source: string, marker: string, text: string, file: string): string {
  const index = source.indexOf(marker);
  if (index < 0) throw new UsageError(`${file} has no "${marker}" marker; add it back where generated entries go`);
  const lineStart = source.lastIndexOf('\n', index) + 1;
  return source.slice(0, lineStart) + text + source.slice(lineStart);
}

/**
 * Scaffolds a function the way the repository's own are built: the use case
 * (src/workflows/<flow>/), the port it uses (src/ports, added to Deps), a local adapter
 * (wired in src/local/stack/compose.ts) and an AWS adapter skeleton with its provider
 * (src/handlers/wiring), the handler (`onAws({ <port>: provider }, build)`), a unit test,
 * the manifest entry and the serverless.yml entries. Returns the files written.
 */
export async function generateFunction(root: string, fn: string, kind: string): Promise<string[]> {
  checkName(fn);
  if (!KINDS.includes(kind as Kind)) throw new UsageError(`invalid kind ${kind}: one of ${KINDS.join(', ')}`);
  const k = kind as Kind;
  checkKeys(namesOf(fn));
  if (!existsSync(path.join(root, PORTS))) throw new UsageError(`not a fluxo project: ${path.resolve(root)} (no ${PORTS}); run it at the project root or pass --root`);
  const n = { ...namesOf(fn), folder: workflowFolder(root, namesOf(fn).flow) };
  const read = async (file: string) => readFile(path.join(root, file), 'utf8');
  checkLength(k, n, serviceOf(await read('serverless.yml')));
  const files: [string, string][] = [
    [`src/ports/${n.kebab}.ts`, portFile(n)],
    [`src/adapters/local/${n.kebab}.ts`, localAdapterFile(n)],
    [`src/adapters/aws/${n.kebab}.ts`, awsAdapterFile(n)],
    [`src/handlers/wiring/${n.kebab}.ts`, providerFile(n)],
    [`src/workflows/${n.folder}/${n.whatFile}.ts`, useCaseFile(n)],
    [`src/handlers/${fn}.ts`, handlerFile(k, n)],
    [`test/unit/${n.folder}/${n.whatFile}.test.ts`, testFile(n)],
  ];
  for (const [file] of files) if (existsSync(path.join(root, file))) throw new UsageError(`${file} already exists; pick another name`);
  if (new RegExp(`^\\s+${n.port}\\??(\\(\\))?:`, 'm').test(await read(PORTS))) throw new UsageError(`${PORTS} already has a port named ${n.port}; pick another name`);

  const insertions: Insertion[] = [
    ...portInsertions(n),
    { file: MANIFEST, marker: '// fluxo:manifest', text: manifestEntry(k, n) },
    ...(k === 'sqs' ? [{ file: 'src/local/stack/topology.ts', marker: '// fluxo:queues', text: localQueues(n) }] : []),
    // An HTTP function's signing secret: its own, read by its use case (app-secrets.ts gives its role that secret only).
    ...(k === 'http'
      ? [
          { file: APP_SECRETS, marker: '// fluxo:app-secrets', text: `  /** ${fn}'s request signatures (src/platform/request-signature.ts). */\n  '${n.kebab}-signing': ['HTTP_SIGNING_SECRET'],\n` },
          { file: APP_SECRETS, marker: '// fluxo:use-case-secrets', text: `  ${fn}: { '${n.kebab}-signing': 'read' },\n` },
        ]
      : []),
    { file: 'serverless.yml', marker: '# fluxo:functions', text: serverlessFunction(k, n) },
    ...(serverlessResources(k, n) ? [{ file: 'serverless.yml', marker: '# fluxo:resources', text: serverlessResources(k, n) }] : []),
    ...(serverlessExtensions(k, n) ? [{ file: 'serverless.yml', marker: '# fluxo:extensions', text: serverlessExtensions(k, n) }] : []),
  ];
  // Every edit is computed before anything is written: a missing marker leaves the project untouched.
  const edited = new Map<string, string>();
  for (const { file, marker, text } of insertions) edited.set(file, insertBefore(edited.get(file) ?? (await read(file)), marker, text, file));

  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  for (const [file, content] of edited) await writeFile(path.join(root, file), content);
  return [...files.map(([file]) => file), ...edited.keys()];
}
