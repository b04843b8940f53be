import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the library lives when neither --library nor PHOTOHOUSE_LIBRARY says: the OS app-data
 * folder, the same place Electron's app.getPath('userData') points to for an app named PhotoHouse.
 */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PHOTOHOUSE_LIBRARY) return env.PHOTOHOUSE_LIBRARY
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'PhotoHouse')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'PhotoHouse')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'PhotoHouse')
}
