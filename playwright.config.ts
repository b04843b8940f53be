import { defineConfig } from '@playwright/test'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './e2e/browser'

// Browser mode e2e against `photohouse serve`, in a Chromium-based browser found on this machine
// (Playwright cannot download its own here). Without one, every spec is skipped with one line.
if (!BROWSER_PATH && !process.env['PHOTOHOUSE_E2E_WORKER']) {
  console.log(NO_BROWSER_MESSAGE)
  process.env['PHOTOHOUSE_E2E_WORKER'] = '1' // the config is loaded again in each worker: say it once
}

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  use: {
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      ...(BROWSER_PATH ? { executablePath: BROWSER_PATH } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
})
