// Test helpers: temp folders and real photos from test-data/ and npm packages (see test-data/SOURCES.md).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createApp, type AppOptions, type PhotoHouseApp } from '../app'
import { appRoot } from '../platform/app-root'
import { OPENCV_DATA, SKIMAGE_DATA } from './test-data'

export const REAL_PHOTOS = {
  /** Nokia Lumia 820, EXIF date 2013:05:10 15:21:35, GPS 55.0388 N 8.4572 E */
  starfish: join(appRoot(), 'node_modules/exif-parser/test/starfish.jpg'),
  /** NIKON E4600, 2006:06:13 15:44:45 */
  nikon: join(appRoot(), 'node_modules/exif-js/example/DSCN0614_small.jpg'),
  /** Apple iPhone 4S with GPS */
  iphone: join(appRoot(), 'node_modules/exif/test/test1.jpg'),
  /** 640x480 stored, EXIF orientation 8 (shown 480x640) */
  rotated: join(appRoot(), 'node_modules/exif/test/right.jpg'),
  baboon: join(OPENCV_DATA, 'baboon.jpg'),
  fruits: join(OPENCV_DATA, 'fruits.jpg'),
  chelsea: join(SKIMAGE_DATA, 'chelsea.png'),
  coffee: join(SKIMAGE_DATA, 'coffee.png'),
} as const

export function tempDir(prefix = 'photohouse-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

/** Copies a file, creating folders, and gives it a fixed old mtime so ordering is deterministic. */
export function copyInto(source: string, target: string, mtime = new Date('2001-02-03T04:05:06Z')): string {
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(source, target)
  utimesSync(target, mtime, mtime)
  return target
}

/** Opens a library, imports folders and waits until every stage of the pipeline is done. */
export async function openAndImport(libraryDir: string, folders: string[], options: Partial<AppOptions> = {}): Promise<PhotoHouseApp> {
  const app = createApp({ libraryDir, log: () => {}, ...options })
  app.start()
  await app.library.addRoots(folders)
  await app.runner.idle(50)
  return app
}

/** Polls until `fn` returns something truthy (for work that happens on its own, like the watcher). */
export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
