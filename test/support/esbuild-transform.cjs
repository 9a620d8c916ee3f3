// Jest transformer: TypeScript -> JavaScript with esbuild (types are checked by `tsc --noEmit`).
const { transformSync } = require('esbuild');

module.exports = {
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
