// Photos with set capture times and places for the events tests (unit, CLI and e2e): real JPEGs
// whose EXIF date and GPS position are written at test time (sharp), so exiftool is not needed.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'

const PLACES = {
  Paris: [48.8566, 2.3522],
  Tokyo: [35.6895, 139.6917],
  Berlin: [52.52, 13.405],
  Munich: [48.1374, 11.5755],
} as const

/** One shot: file name, EXIF time 'yyyy:mm:dd hh:mm:ss', and where (none: no GPS). */
export const EVENT_SHOTS: { name: string; time: string; place: keyof typeof PLACES | null }[] = [
  { name: 'paris-1.jpg', time: '2023:06:10 10:00:00', place: 'Paris' },
  { name: 'paris-2.jpg', time: '2023:06:10 10:20:00', place: 'Paris' },
  // No GPS (another camera), but in the middle of the Paris morning: it is in that event.
  { name: 'paris-nogps.jpg', time: '2023:06:10 10:40:00', place: null },
  { name: 'paris-3.jpg', time: '2023:06:10 11:00:00', place: 'Paris' },
  // A trip: the night between its two days is not a break (home is Paris here, where most photos are).
  { name: 'tokyo-1.jpg', time: '2023:08:20 10:00:00', place: 'Tokyo' },
  { name: 'tokyo-2.jpg', time: '2023:08:21 09:00:00', place: 'Tokyo' },
  // One day, two places: two events.
  { name: 'berlin-1.jpg', time: '2024:05:03 09:00:00', place: 'Berlin' },
  { name: 'berlin-2.jpg', time: '2024:05:03 09:30:00', place: 'Berlin' },
  { name: 'munich-1.jpg', time: '2024:05:03 13:00:00', place: 'Munich' },
  // No GPS: titled by its date only.
  { name: 'nowhere-1.jpg', time: '2024:05:10 12:00:00', place: null },
]

/** "48/1 51/1 2376/100": degrees, minutes, seconds as EXIF rationals. */
function dms(value: number): string {
  const abs = Math.abs(value)
  const d = Math.floor(abs)
  const m = Math.floor((abs - d) * 60)
  const s = Math.round(((abs - d) * 60 - m) * 60 * 100)
  return `${d}/1 ${m}/1 ${s}/100`
}

/** Writes EVENT_SHOTS into `dir` (each a different picture), returns their paths by name. */
export async function writeEventPhotos(dir: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true })
  const out: Record<string, string> = {}
  for (const [i, shot] of EVENT_SHOTS.entries()) {
    const pos = shot.place ? PLACES[shot.place] : null
    const path = join(dir, shot.name)
    await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 151) % 256 } } })
      .composite([{ input: Buffer.from(`<svg width="320" height="240"><circle cx="${40 + i * 30}" cy="120" r="${20 + i * 3}" fill="white"/></svg>`) }])
      .jpeg({ quality: 90 })
      .withExif({
        IFD0: { Make: 'Canon', Model: 'EOS R5' },
        IFD2: { DateTimeOriginal: shot.time },
        ...(pos
          ? { IFD3: { GPSLatitudeRef: pos[0] >= 0 ? 'N' : 'S', GPSLatitude: dms(pos[0]), GPSLongitudeRef: pos[1] >= 0 ? 'E' : 'W', GPSLongitude: dms(pos[1]) } }
          : {}),
      })
      .toFile(path)
    out[shot.name] = path
  }
  return out
}
