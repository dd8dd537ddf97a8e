import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the web's path alias to the API contract (web/vite.config.ts), for the web's own tests
  resolve: {
    alias: { '@mujun/contract': fileURLToPath(new URL('./src/api/contract/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    // every JSON answer of a defined endpoint is checked against its response schema (api/route.ts)
    env: { MUJUN_CHECK_RESPONSES: '1' },
  },
});
