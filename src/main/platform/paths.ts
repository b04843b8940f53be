import { homedir } from 'node:os'
import { posix, win32 } from 'node:path'

/** Electron's app name for PhotoHouse (electron-builder's productName): the folder under app data. */
const PRODUCT_NAME = 'PhotoHouse'

export interface PlatformFacts {
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  home?: string
}

/**
 * What Electron's app.getPath('userData') gives for productName PhotoHouse, computed without
 * Electron so the CLI and `serve` find the app's library: %APPDATA%\PhotoHouse on Windows,
 * ~/Library/Application Support/PhotoHouse on macOS, $XDG_CONFIG_HOME (or ~/.config)/PhotoHouse
 * elsewhere.
 */
export function userDataDir({ platform = process.platform, env = process.env, home = homedir() }: PlatformFacts = {}): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  // Chromium reads XDG_CONFIG_HOME only when it is set and not empty.
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), PRODUCT_NAME)
}

/**
 * Where the library lives when --library does not say: PHOTOHOUSE_LIBRARY, else `Library` in the
 * app's userData folder. One function for the app and the CLI, so both open the same library.
 */
export function defaultLibraryDir(facts: PlatformFacts = {}): string {
  const env = facts.env ?? process.env
  if (env.PHOTOHOUSE_LIBRARY) return env.PHOTOHOUSE_LIBRARY
  const userData = userDataDir(facts)
  return (facts.platform ?? process.platform) === 'win32' ? win32.join(userData, 'Library') : posix.join(userData, 'Library')
}
