// Real photos used by the ingest tests (test-only helper; nothing in production imports it).
// Sources: Debian opencv-doc and python3-skimage sample data, and the camera JPEGs that the npm packages
// exif, exif-parser and exif-js ship for their own tests (installed as devDependencies).
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

export const OPENCV_DATA = '/usr/share/doc/opencv-doc/examples/data'
export const SKIMAGE_DATA = '/usr/lib/python3/dist-packages/skimage/data'

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

/** exiftool's numeric (-n) view of the files, keyed by path; tags are "Group:Tag" (family 0 groups). */
export async function exiftoolJson(paths: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = await run('exiftool', ['-n', '-json', '-G', ...paths])
  const rows = JSON.parse(out) as Record<string, unknown>[]
  return new Map(rows.map((row) => [String(row.SourceFile), row]))
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
