import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native modules (better-sqlite3, sharp, onnxruntime) are safest in forked processes.
    pool: 'forks',
    maxWorkers: 2,
  },
})
