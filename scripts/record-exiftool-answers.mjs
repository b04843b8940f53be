// Records exiftool's reading of the test photos into test-data/exiftool/answers.json, so the metadata
// tests compare with exiftool without exiftool installed. Run by hand after adding a photo
// (`node scripts/record-exiftool-answers.mjs`; needs exiftool, e.g. Debian libimage-exiftool-perl).
// Paths are relative to the repo, and the file-system fields (dates, permissions) are dropped: they
// describe this checkout, not the photo.
import { execFileSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const inFolder = (folder) => readdirSync(join(root, folder)).sort().map((name) => `${folder}/${name}`)
export const PHOTOS = [
  ...['down-mirrored', 'evil1', 'lens_info', 'right', 'short-ascii-II', 'short-ascii-MM', 'sony-alpha-6000', 'test1', 'test2', 'test3'].map((n) => `node_modules/exif/test/${n}.jpg`),
  ...['starfish', 'test'].map((n) => `node_modules/exif-parser/test/${n}.jpg`),
  ...['Bloated-Hero', 'Bush-dog', 'DSCN0614_small', 'dsc_09827'].map((n) => `node_modules/exif-js/example/${n}.jpg`),
  ...inFolder('test-data/derived'),
  ...inFolder('test-data/heic'),
]
const VOLATILE = ['System:FileModifyDate', 'System:FileAccessDate', 'System:FileInodeChangeDate', 'System:FilePermissions']
const rows = JSON.parse(execFileSync('exiftool', ['-n', '-json', '-G', ...PHOTOS], { cwd: root, maxBuffer: 64 << 20, encoding: 'utf8' }))
for (const row of rows) for (const key of VOLATILE) delete row[key]
const version = execFileSync('exiftool', ['-ver'], { encoding: 'utf8' }).trim()
writeFileSync(join(root, 'test-data/exiftool/answers.json'), `${JSON.stringify({ exiftool: version, command: 'exiftool -n -json -G', rows }, null, 1)}\n`)
console.log(`recorded ${rows.length} files with exiftool ${version}`)
