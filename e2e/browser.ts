// Which Chromium-based browser the e2e specs drive. Playwright cannot download its own here, so we
// look for one: $CHROMIUM_PATH, then the usual install places of Chromium, Chrome and Edge on Linux,
// macOS and Windows, then a browser Playwright installed itself (`npx playwright install chromium`).
// With none, the specs are skipped (counted as skipped, never as passed) and one line says why.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const NO_BROWSER_MESSAGE =
  'e2e: no Chromium, Chrome or Edge found, so the browser specs are skipped; set CHROMIUM_PATH to one, install one (Debian/Ubuntu: apt-get install chromium), or run `npx playwright install chromium`'

function candidates(): string[] {
  const env = process.env
  if (process.platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((d): d is string => Boolean(d))
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
    ])
  }
  if (process.platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
  ]
}

function playwrightsOwn(): string | undefined {
  try {
    const path = chromium.executablePath()
    return existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

/** The browser to drive, or undefined when there is none. A CHROMIUM_PATH that does not exist is an error, not a skip. */
export function findBrowser(): string | undefined {
  const chosen = process.env['CHROMIUM_PATH']
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`)
    return chosen
  }
  return candidates().find((path) => existsSync(path)) ?? playwrightsOwn()
}

export const BROWSER_PATH = findBrowser()
