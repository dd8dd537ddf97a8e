import { defineConfig } from 'vitest/config';

export default defineConfig({
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
