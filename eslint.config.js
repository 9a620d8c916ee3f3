import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ZOD = [{ group: ['zod', 'zod/*'], message: 'import * as z from src/shared/zod.ts' }];

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', '.fluxo/', '.serverless/', '.esbuild/', 'dist/', 'coverage/', 'test-artifacts/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', crypto: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // zod only through src/shared/zod.ts (zod/mini, imported as a namespace): zod classic or a
    // re-exported namespace puts all of zod in every Lambda bundle (docs/performance.md).
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/shared/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ZOD }] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'pg', '@aws-sdk/*', '../adapters/*', '../../adapters/*'], message: 'the domain does no I/O' }, ...ZOD] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
