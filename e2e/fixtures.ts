import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { test as base } from '@playwright/test'

const root = join(import.meta.dirname, '..')

/** Real photos from Debian and npm packages (see DEVELOPERS.md), with EXIF where noted. */
export const REAL_PHOTOS = {
  /** Nokia Lumia 820, 2013-05-10 15:21:35, GPS 55.0388, 8.4572 */
  starfish: join(root, 'node_modules/exif-parser/test/starfish.jpg'),
  /** NIKON E4600, 2006-06-13 15:44:45 */
  nikon: join(root, 'node_modules/exif-js/example/DSCN0614_small.jpg'),
  /** EXIF orientation 8 */
  rotated: join(root, 'node_modules/exif/test/right.jpg'),
  baboon: '/usr/share/doc/opencv-doc/examples/data/baboon.jpg',
  fruits: '/usr/share/doc/opencv-doc/examples/data/fruits.jpg',
}

export interface PhotoHouseServer {
  url: string
  libraryDir: string
  photosDir: string
  process: ChildProcess
}

/** A fresh library and a folder of real photos (plus one broken file) per test, served by `photohouse serve`. */
export const test = base.extend<{ server: PhotoHouseServer }>({
  server: async ({}, use) => {
    const work = mkdtempSync(join(tmpdir(), 'photohouse-e2e-'))
    const libraryDir = join(work, 'library')
    const photosDir = join(work, 'My Photos')
    mkdirSync(join(photosDir, 'trip'), { recursive: true })
    for (const [name, path] of Object.entries(REAL_PHOTOS)) {
      const target = join(photosDir, name === 'starfish' ? 'trip' : '', `${name}-${basename(path)}`)
      copyFileSync(path, target)
      // Photos without an EXIF date sort by file time: make it older than the EXIF-dated ones.
      utimesSync(target, new Date('2000-01-01T12:00:00Z'), new Date('2000-01-01T12:00:00Z'))
    }
    writeFileSync(join(photosDir, 'notes.jpg'), 'this is a text file named like a photo\n')
    writeFileSync(join(photosDir, 'readme.txt'), 'not a photo, skipped silently\n')

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

export { expect } from '@playwright/test'
