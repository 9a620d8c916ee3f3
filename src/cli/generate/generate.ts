import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { handlerFile, localAdapterFile, manifestEntry, namesOf, portFile, serverlessFunction, serverlessResources, testFile, useCaseFile, type Kind } from './templates.js';

export const KINDS: Kind[] = ['sqs', 'http', 'task', 'scheduled'];
const MANIFEST = 'src/handlers/manifest.ts';
const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Inserts `text` before the line holding `marker`; fails loudly when the marker is gone. */
function insertBefore(source: string, marker: string, text: string, file: string): string {
  const index = source.indexOf(marker);
  if (index < 0) throw new UsageError(`${file} has no "${marker}" marker; add it back where generated entries go`);
  const lineStart = source.lastIndexOf('\n', index) + 1;
  return source.slice(0, lineStart) + text + source.slice(lineStart);
}

/**
 * Scaffolds a function: handler, use case, port, stub adapter, unit test, the
 * manifest entry and the serverless.yml entry. Returns the files written.
 */
export async function generateFunction(root: string, fn: string, kind: string): Promise<string[]> {
  if (!NAME.test(fn)) throw new UsageError(`invalid function name ${fn}: use snake_case <flow>_<what>, e.g. billing_import`);
  if (!KINDS.includes(kind as Kind)) throw new UsageError(`invalid kind ${kind}: one of ${KINDS.join(', ')}`);
  const k = kind as Kind;
  const n = namesOf(fn);
  const files: [string, string][] = [
    [`src/ports/${n.kebab}.ts`, portFile(n)],
    [`src/adapters/local/${n.kebab}.ts`, localAdapterFile(n)],
    [`src/workflows/${n.flow}/${n.whatFile}.ts`, useCaseFile(n)],
    [`src/handlers/${fn}.ts`, handlerFile(k, n)],
    [`test/unit/${n.flow}/${n.whatFile}.test.ts`, testFile(n)],
  ];
  for (const [file] of files) if (existsSync(path.join(root, file))) throw new UsageError(`${file} already exists; pick another name`);

  const manifestPath = path.join(root, MANIFEST);
  const manifest = insertBefore(await readFile(manifestPath, 'utf8'), '// fluxo:manifest', manifestEntry(k, n), MANIFEST);
  const slsPath = path.join(root, 'serverless.yml');
  let sls = await readFile(slsPath, 'utf8');
  sls = insertBefore(sls, '# fluxo:functions', serverlessFunction(k, n), 'serverless.yml');
  const resources = serverlessResources(k, n);
  if (resources) sls = insertBefore(sls, '# fluxo:resources', resources, 'serverless.yml');

  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  await writeFile(manifestPath, manifest);
  await writeFile(slsPath, sls);
  return [...files.map(([file]) => file), MANIFEST, 'serverless.yml'];
}
