// Real photos used by the ingest tests (test-only helper; nothing in production imports it).
// Sources: the repo's test-data/ (Debian opencv-doc and python3-skimage sample data, HEIC and format
// copies made from them once; see test-data/SOURCES.md), and the camera JPEGs that the npm packages
// exif, exif-parser and exif-js ship for their own tests (installed as devDependencies).
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { appRoot } from '../platform/app-root'
import { EXIFTOOL_DATA, HEIC_DATA, OPENCV_DATA, SKIMAGE_DATA, TEST_DATA } from '../testing/test-data'

export { OPENCV_DATA, SKIMAGE_DATA }

export const opencvPhoto = (name: string): string => join(OPENCV_DATA, name)
export const skimagePhoto = (name: string): string => join(SKIMAGE_DATA, name)

const require = createRequire(import.meta.url)
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`))

/** Camera JPEGs with EXIF (several with GPS), as shipped inside the npm packages. */
export const CAMERA_JPEGS: readonly string[] = [
  ...['down-mirrored', 'evil1', 'lens_info', 'right', 'short-ascii-II', 'short-ascii-MM', 'sony-alpha-6000', 'test1', 'test2', 'test3'].map(
    (name) => join(packageDir('exif'), 'test', `${name}.jpg`),
  ),
  ...['starfish', 'test'].map((name) => join(packageDir('exif-parser'), 'test', `${name}.jpg`)),
  ...['Bloated-Hero', 'Bush-dog', 'DSCN0614_small', 'dsc_09827'].map((name) => join(packageDir('exif-js'), 'example', `${name}.jpg`)),
]

/** iPhone 4S photo with GPS (37.885, -122.6225, 122 m). */
export const IPHONE_JPEG = join(packageDir('exif'), 'test', 'test1.jpg')
/** 6000x4000 Sony A6000 photo with lens model. */
export const SONY_JPEG = join(packageDir('exif'), 'test', 'sony-alpha-6000.jpg')
/** Nokia photo with GPS, 1278x720. */
export const NOKIA_JPEG = join(packageDir('exif-parser'), 'test', 'starfish.jpg')

/** HEIC files made once with heif-enc from real photos (test-data/SOURCES.md says from which). */
export const HEIC_PHOTOS = {
  /** IPHONE_JPEG as HEIC, its EXIF and GPS kept. */
  iphone: join(HEIC_DATA, 'iphone.heic'),
  /** opencv fruits.jpg, 512x480. */
  fruits: join(HEIC_DATA, 'fruits.heic'),
  /** SONY_JPEG resized to 1200x800: big enough that decoding takes a noticeable while. */
  sony1200: join(HEIC_DATA, 'sony-1200.heic'),
  /** fruits.jpg with EXIF Orientation 6 and no irot box (as heif-enc 1.15 writes it). */
  fruitsOrientation6: join(HEIC_DATA, 'fruits-o6.heic'),
} as const

/** Copies of IPHONE_JPEG made once (sharp keepMetadata; exiftool for TIFF's EXIF and the offset edits). */
export const DERIVED_PHOTOS = {
  png: join(TEST_DATA, 'derived', 'iphone.png'),
  webp: join(TEST_DATA, 'derived', 'iphone.webp'),
  avif: join(TEST_DATA, 'derived', 'iphone.avif'),
  tiff: join(TEST_DATA, 'derived', 'iphone.tif'),
  /** exiftool -OffsetTime=+09:00 (no OffsetTimeOriginal). */
  offsetTime: join(TEST_DATA, 'derived', 'iphone-offset-time.jpg'),
  /** exiftool -OffsetTimeOriginal=-03:30 -SubSecTimeOriginal=042 -GPSAltitudeRef#=1. */
  offsetOriginal: join(TEST_DATA, 'derived', 'iphone-offset-original.jpg'),
} as const

const execFileAsync = promisify(execFile)

export async function run(command: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

export async function hasCommand(command: string): Promise<boolean> {
  try {
    await execFileAsync('sh', ['-c', `command -v ${command}`])
    return true
  } catch {
    return false
  }
}

let exiftoolAnswers: Map<string, Record<string, unknown>> | undefined

/**
 * exiftool's numeric (-n) view of the files, keyed by the paths asked for; tags are "Group:Tag"
 * (family 0 groups). The answers were recorded by scripts/record-exiftool-answers.mjs, so the tests
 * need no exiftool: a file without a recorded answer is an error that says how to record one.
 */
export function exiftoolJson(paths: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  if (!exiftoolAnswers) {
    const recorded = JSON.parse(readFileSync(join(EXIFTOOL_DATA, 'answers.json'), 'utf8')) as { rows: Record<string, unknown>[] }
    exiftoolAnswers = new Map(recorded.rows.map((row) => [String(row.SourceFile), row]))
  }
  const answers = new Map<string, Record<string, unknown>>()
  for (const path of paths) {
    const key = relative(appRoot(), path).split('\\').join('/')
    const row = exiftoolAnswers.get(key)
    if (!row) throw new Error(`No recorded exiftool answer for ${key}: add it to scripts/record-exiftool-answers.mjs and run it`)
    answers.set(path, row)
  }
  return Promise.resolve(answers)
}

export interface TempDir {
  path: string
  file: (name: string) => string
  remove: () => Promise<void>
}

export async function makeTempDir(prefix = 'photohouse-ingest-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, file: (name) => join(path, name), remove: () => rm(path, { recursive: true, force: true }) }
}
