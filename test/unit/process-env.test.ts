import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The files of src/ that may read process.env, and why. Everything else reads settings through
 * the config module (`environment()` and the schemas of src/shared/config.ts) or takes a
 * ConfigSource from its caller.
 */
const ALLOWED: Record<string, string> = {
  'src/shared/config.ts': 'the config module: environment() is the one reader',
  'src/adapters/local/env-secrets.ts': 'the local stand-in for Secrets Manager: reading the environment is its job',
  'src/service/sdk-node-warning.ts': 'writes the variable the AWS SDK reads to silence its Node warning',
  'src/local/stack/summarize-file.ts': "fluxo summarize's FLUXO_CSV_* settings, parsed there by the config module's localCsvConfig",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** The lines that use process.env in code (not in a comment). */
function readers(file: string, text = readFileSync(file, 'utf8')): number[] {
  return text
    .split('\n')
    .map((line, index) => [line.replace(/\/\/.*$/, '').trim(), index + 1] as const)
    .filter(([line]) => !line.startsWith('*') && !line.startsWith('/*') && /\bprocess\.env\b/.test(line))
    .map(([, number]) => number);
}

describe('process.env', () => {
  it('is read only by the config module and the files whose job it is', () => {
    const found = sources('src')
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => !Object.hasOwn(ALLOWED, file))
      .flatMap((file) => readers(file).map((line) => `${file}:${line} reads process.env: use environment() or the schemas of src/shared/config.ts`));
    expect(found).toEqual([]);
  });

  it('lists only files that still read it', () => {
    expect(Object.keys(ALLOWED).filter((file) => readers(file).length === 0)).toEqual([]);
  });

  it('finds a reader in code, not in a comment', () => {
    const text = ['/**', ' * reads process.env.X', ' */', '// process.env.Y', 'const a = 1; // process.env.Z', "const port = process.env.PORT ?? '3000';", 'const { HOME } = process.env;'].join('\n');
    expect(readers('x.ts', text)).toEqual([6, 7]);
  });
});
