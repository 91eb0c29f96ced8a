import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboard build: `npm run build:web` writes web/dist, which the server serves at `/`.
 * JSX goes through esbuild's automatic runtime (no React plugin); `npx vite web` serves the
 * sources with the API proxied to a server on :8080.
 */
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic' },
  // A build is always React's production build, even when started from a test run (NODE_ENV=test).
  define: { 'process.env.NODE_ENV': JSON.stringify(command === 'build' ? 'production' : 'development') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  // The portal imports the marketplace's record types and constants from src/core/marketplace.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' }, fs: { allow: ['..'] } },
  logLevel: 'warn',
}));
