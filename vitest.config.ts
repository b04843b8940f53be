import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// The real shared models (CI lays shared/ beside the repo); the product never depends on this path.
process.env.PHOTOHOUSE_MODELS_DIR ??= resolve(import.meta.dirname, '..', 'shared', 'models')

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
