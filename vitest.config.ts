import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One more worker than the CI machine's two cores: the Slurm, browser and end-to-end files spend
    // most of their time waiting on other processes, and a third worker keeps the cores busy meanwhile.
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
  },
});
