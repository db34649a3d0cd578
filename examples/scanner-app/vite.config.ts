/**
 * Builds the scanner app: `npm run build:scanner-app` writes `examples/scanner-app/dist/`, which
 * the ERP service serves at `/scanner/`. `npx vite --config examples/scanner-app/vite.config.ts`
 * serves it for development and proxies the API to the service (STOCKTAKE_API, default
 * http://127.0.0.1:8080).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const require = createRequire(import.meta.url);
/** The ZXing reader the `barcode-detector` polyfill loads, bundled as an asset of the app. */
const zxingReaderWasm = createRequire(require.resolve('barcode-detector')).resolve('zxing-wasm/reader/zxing_reader.wasm');
const src = (path: string): string => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
const api = process.env['STOCKTAKE_API'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      { find: /^stocktake\/scanner$/, replacement: src('scanner/index.ts') },
      { find: /^zxing-reader-wasm(?=\?|$)/, replacement: zxingReaderWasm },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: {
    proxy: Object.fromEntries(['/items', '/locations', '/counts', '/movements', '/events', '/openapi.json'].map((path) => [path, api])),
  },
});
