/**
 * The web app's build: `vite build web` (root = this folder) writes the static files to dist/web, which
 * `mujun serve` (npm start) serves beside the API. `vite web` serves it in development with the API
 * proxied to a running `mujun serve` on port 3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/',
  plugins: [react()],
  // the API's contract (response types, endpoint definitions), shared with the server (ADR 0016)
  resolve: {
    alias: { '@mujun/contract': fileURLToPath(new URL('../src/api/contract/index.ts', import.meta.url)) },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // React and ECharts as cacheable chunks of their own; Ant Design's components go with the pages
        // that use them, so the first page loads only its own
        manualChunks(id: string) {
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
