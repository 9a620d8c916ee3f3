// Jest transformer: TypeScript -> JavaScript with esbuild (types are checked by `tsc --noEmit`).
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

const self = readFileSync(__filename);

module.exports = {
  // Jest's default key leaves out whether the file is loaded as ESM: `npx jest` (CommonJS) and
  // `npm run test:jest` (--experimental-vm-modules) would then share one cached output and the
  // second fails with "require is not defined" or "Cannot use import statement".
  getCacheKey(source, filename, options) {
    return createHash('sha256')
      .update(self)
      .update(source)
      .update(filename)
      .update(options.configString)
      .update(options.supportsStaticESM ? 'esm' : 'cjs')
      .digest('hex');
  },
  process(source, filename, options) {
    const result = transformSync(source, {
      loader: 'ts',
      format: options.supportsStaticESM ? 'esm' : 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: result.code };
  },
};
