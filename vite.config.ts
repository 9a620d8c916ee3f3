import { defineConfig } from 'vite';

// The console: plain TypeScript, built into web/dist and served by `fluxo dev`.
export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
