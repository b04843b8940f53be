import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { expect, test as base, type Page } from '@playwright/test'

const root = join(import.meta.dirname, '..')
/** The committed test photos (test-data/SOURCES.md says where each comes from). */
export const TEST_DATA = join(root, 'test-data')

/** Real photos from test-data/ and npm packages, with EXIF where noted. */
export const REAL_PHOTOS = {
  /** Nokia Lumia 820, 2013-05-10 15:21:35, GPS 55.0388, 8.4572 */
  starfish: join(root, 'node_modules/exif-parser/test/starfish.jpg'),
  /** NIKON E4600, 2006-06-13 15:44:45 */
  nikon: join(root, 'node_modules/exif-js/example/DSCN0614_small.jpg'),
  /** EXIF orientation 8 */
  rotated: join(root, 'node_modules/exif/test/right.jpg'),
  baboon: join(TEST_DATA, 'opencv/data/baboon.jpg'),
  fruits: join(TEST_DATA, 'opencv/data/fruits.jpg'),
}

/** The folder library.spec.ts imports: relative target path -> source photo. */
export const DEFAULT_PHOTO_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(REAL_PHOTOS).map(([name, path]) => [join(name === 'starfish' ? 'trip' : '', `${name}-${basename(path)}`), path]),
)

export interface PhotoSetOptions {
  /** Files copied into the photos folder: relative target path -> source path. */
  photoFiles: Record<string, string>
  /** Also add a text file named .jpg (a broken photo) and a readme.txt (skipped). */
  decoyFiles: boolean
}

export interface PhotoHouseServer {
  url: string
  libraryDir: string
  photosDir: string
  process: ChildProcess
}

/** A fresh library and a folder of real photos (plus one broken file) per test, served by `photohouse serve`. */
// Specs choose their photos with test.use({ photoFiles, decoyFiles }); the defaults are library.spec.ts's.
export const test = base.extend<{ server: PhotoHouseServer } & PhotoSetOptions>({
  photoFiles: [DEFAULT_PHOTO_FILES, { option: true }],
  decoyFiles: [true, { option: true }],
  server: async ({ photoFiles, decoyFiles }, use) => {
    const work = mkdtempSync(join(tmpdir(), 'photohouse-e2e-'))
    const libraryDir = join(work, 'library')
    const photosDir = join(work, 'My Photos')
    mkdirSync(photosDir, { recursive: true })
    for (const [relative, path] of Object.entries(photoFiles)) {
      const target = join(photosDir, relative)
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(path, target)
      // Photos without an EXIF date sort by file time: make it older than the EXIF-dated ones.
      utimesSync(target, new Date('2000-01-01T12:00:00Z'), new Date('2000-01-01T12:00:00Z'))
    }
    if (decoyFiles) {
      writeFileSync(join(photosDir, 'notes.jpg'), 'this is a text file named like a photo\n')
      writeFileSync(join(photosDir, 'readme.txt'), 'not a photo, skipped silently\n')
    }

    const child = spawn(process.execPath, [join(root, 'bin/photohouse.mjs'), '--library', libraryDir, 'serve', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${stderr}`)), 60_000)
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${stderr}`)))
    })
    await use({ url, libraryDir, photosDir, process: child })
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(work, { recursive: true, force: true })
  },
})

/** Adds a folder through the browser-mode dialog, as a user would. */
export async function addFolder(page: Page, path: string): Promise<void> {
  await page.getByTestId('add-folder').click()
  await page.getByTestId('add-folder-input').fill(path)
  await page.getByTestId('add-folder-submit').click()
}

/** Waits until the task queue is empty (imports, analysis, clustering), asking the server itself. */
export async function waitUntilIdle(page: Page, timeout = 110_000): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const response = await fetch('/api/tasks.stats', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          const body = (await response.json()) as { value: { totals: Record<string, number> } }
          const t = body.value.totals
          return t.done! > 0 ? t.pending! + t.running! : -1
        }),
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(0)
}

export { expect }
