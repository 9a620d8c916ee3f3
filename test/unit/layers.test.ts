import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve('src');

/**
 * What each layer may import (itself included), lowest first. The shared kernel (errors,
 * zod, config) is below everything; the domain imports nothing else; ports declare what
 * the layers above talk to (Logger included); workflows never reach an adapter; service
 * (containers on AWS) never reaches the laptop's runtime. An import outside its row is an
 * arrow against the order, and as the rows form an order, a circle between layers too.
 */
const BASE = ['shared', 'domain', 'ports', 'platform'];
const MAY_IMPORT: Record<string, string[]> = {
  shared: ['shared'],
  domain: ['shared', 'domain'],
  ports: ['shared', 'domain', 'ports'],
  platform: BASE,
  adapters: [...BASE, 'adapters'],
  workflows: [...BASE, 'workflows'],
  handlers: [...BASE, 'adapters', 'workflows', 'handlers'],
  service: [...BASE, 'adapters', 'workflows', 'handlers', 'service'],
  'local/engine': [...BASE, 'adapters', 'local/engine'],
  'local/runtime': [...BASE, 'adapters', 'handlers', 'local/runtime'],
  // fluxo summarize runs the CsvSummary use cases over a folder store and the worker pool.
  local: [...BASE, 'adapters', 'workflows', 'local/runtime', 'local'],
  'local/stack': [...BASE, 'adapters', 'workflows', 'handlers', 'local/engine', 'local/runtime', 'local/stack'],
  'local/devserver': [...BASE, 'adapters', 'workflows', 'handlers', 'local/engine', 'local/runtime', 'local/stack', 'local/devserver'],
  cli: [...BASE, 'adapters', 'workflows', 'handlers', 'service', 'local', 'local/engine', 'local/runtime', 'local/stack', 'local/devserver', 'cli'],
};

function sources(dir = SRC, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** The src files a file imports (static, type-only, re-exports and dynamic import()), as paths relative to src. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  return specifiers.map((specifier) => path.relative(SRC, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts')).filter((target) => !target.startsWith('..'));
}

/** A file's layer: its top folder, or local's subsystem folder. */
export function layerOf(relative: string): string {
  const [top = '', sub] = relative.split('/');
  if (top === 'local' && sub && !sub.endsWith('.ts')) return `local/${sub}`;
  return top;
}

/** Strongly connected groups of more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const graph = new Map(sources().map((file) => [path.relative(SRC, file), importsOf(file)]));

describe('the layers of src', () => {
  it('has a rule for every folder', () => {
    expect([...new Set([...graph.keys()].map(layerOf))].filter((layer) => !MAY_IMPORT[layer])).toEqual([]);
  });

  it('imports only along the layer order', () => {
    const against = [...graph].flatMap(([file, targets]) => targets.filter((target) => !MAY_IMPORT[layerOf(file)]?.includes(layerOf(target))).map((target) => `${file} -> ${target}`));
    expect(against).toEqual([]);
  });

  it('has no circle of files importing each other', () => {
    expect(circles(graph).map((group) => group.join(' | '))).toEqual([]);
  });

  it('keeps the domain free of I/O and the domain and use cases free of the environment (config carries it)', () => {
    const read = (file: string): string => readFileSync(path.join(SRC, file), 'utf8');
    expect([...graph.keys()].filter((file) => file.startsWith('domain/') && /from ['"](node:(fs|fs\/promises|child_process|net|http)|pg|@aws-sdk\/[^'"]+)['"]/.test(read(file)))).toEqual([]);
    expect([...graph.keys()].filter((file) => /^(domain|ports|workflows)\//.test(file) && /process\.env/.test(read(file)))).toEqual([]);
  });

  it('finds an import against the order and a circle when there is one', () => {
    expect(importsOf(path.join(SRC, 'domain/x.ts'), "import { a } from '../platform/logger.js';\nimport type { B } from '../ports/index.js';\nconst c = await import('../adapters/aws/s3.js');")).toEqual(['platform/logger.ts', 'ports/index.ts', 'adapters/aws/s3.ts']);
    expect(MAY_IMPORT[layerOf('domain/x.ts')]).not.toContain(layerOf('platform/logger.ts'));
    expect(layerOf('local/stack/compose.ts')).toBe('local/stack');
    expect(circles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
