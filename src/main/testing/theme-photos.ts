// Photos for the themes tests (unit and e2e): real photos from test-data re-encoded with set EXIF
// dates (sharp, at test time), so one subject is seen on two days far apart (two events) and another
// once. Each file is a different encoding, so the catalog sees different photos.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { TEST_DATA } from './test-data'

export const THEME_SHOTS = [
  // Two days, two events, the same subject: the classifier's "baboon".
  { name: 'zoo-1.jpg', source: 'baboon.jpg', time: '2019:04:01 10:00:00', width: 500 },
  { name: 'zoo-2.jpg', source: 'baboon.jpg', time: '2019:04:01 10:30:00', width: 460 },
  { name: 'zoo-again-1.jpg', source: 'baboon.jpg', time: '2021:09:05 15:00:00', width: 480 },
  { name: 'zoo-again-2.jpg', source: 'baboon.jpg', time: '2021:09:05 15:20:00', width: 440 },
  // Once only: not a theme.
  { name: 'kitchen.jpg', source: 'fruits.jpg', time: '2019:04:01 11:00:00', width: 480 },
] as const

/** Writes THEME_SHOTS into `dir`, returns their paths by name. */
export async function writeThemePhotos(dir: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true })
  const out: Record<string, string> = {}
  for (const shot of THEME_SHOTS) {
    const path = join(dir, shot.name)
    await sharp(join(TEST_DATA, 'opencv/data', shot.source))
      .resize({ width: shot.width })
      .jpeg({ quality: 90 })
      .withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5' }, IFD2: { DateTimeOriginal: shot.time } })
      .toFile(path)
    out[shot.name] = path
  }
  return out
}
