import { describe, expect, it } from 'vitest'
import { defaultLibraryDir } from './paths'

describe('defaultLibraryDir', () => {
  it('is Library in the folder Electron gives as userData for PhotoHouse, per platform', () => {
    expect(defaultLibraryDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\PhotoHouse\\Library',
    )
    expect(defaultLibraryDir({ platform: 'win32', env: {}, home: 'C:\\Users\\ann' })).toBe('C:\\Users\\ann\\AppData\\Roaming\\PhotoHouse\\Library')
    expect(defaultLibraryDir({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/elsewhere' }, home: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/PhotoHouse/Library',
    )
    expect(defaultLibraryDir({ platform: 'linux', env: {}, home: '/home/ann' })).toBe('/home/ann/.config/PhotoHouse/Library')
    expect(defaultLibraryDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home: '/home/ann' })).toBe('/xdg/PhotoHouse/Library')
    // Chromium ignores an empty XDG_CONFIG_HOME.
    expect(defaultLibraryDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, home: '/home/ann' })).toBe('/home/ann/.config/PhotoHouse/Library')
  })

  it('is PHOTOHOUSE_LIBRARY when set, on every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(defaultLibraryDir({ platform, env: { PHOTOHOUSE_LIBRARY: '/lib', APPDATA: 'C:\\x' }, home: '/home/ann' })).toBe('/lib')
    }
  })
})
