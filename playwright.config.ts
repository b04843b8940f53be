import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'

process.env.PHOTOHOUSE_MODELS_DIR ??= resolve(import.meta.dirname, '..', 'shared', 'models')

// Browser mode e2e: Debian's chromium (Playwright cannot download its own browser here).
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  use: {
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
})
