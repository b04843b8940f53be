// Photos with a set capture time and (optionally) a GPS position, for the memories and map tests
// (unit, integration and e2e): real JPEGs whose EXIF is written at test time (sharp), so exiftool
// is not needed. Each is a different picture, so none is a duplicate of another.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'

export interface PlacedShot {
  name: string
  /** EXIF DateTimeOriginal, 'yyyy:mm:dd hh:mm:ss'; absent: no capture time (the file's is used). */
  time?: string
  /** Degrees; absent: no GPS. */
  at?: [lat: number, lon: number]
}

/** "48/1 51/1 2376/100": degrees, minutes, seconds as EXIF rationals. */
function dms(value: number): string {
  const abs = Math.abs(value)
  let d = Math.floor(abs)
  let m = Math.floor((abs - d) * 60)
  let s = Math.round(((abs - d) * 60 - m) * 60 * 100)
  if (s >= 6000) [s, m] = [s - 6000, m + 1]
  if (m >= 60) [m, d] = [m - 60, d + 1]
  return `${d}/1 ${m}/1 ${s}/100`
}

/** Writes the shots into `dir`, returns their paths by name. */
export async function writePlacedPhotos(dir: string, shots: readonly PlacedShot[]): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true })
  const out: Record<string, string> = {}
  for (const [i, shot] of shots.entries()) {
    const path = join(dir, shot.name)
    const exif: Record<string, Record<string, string>> = { IFD0: { Make: 'Fujifilm', Model: 'X100V' } }
    if (shot.time) exif['IFD2'] = { DateTimeOriginal: shot.time }
    if (shot.at) {
      const [lat, lon] = shot.at
      exif['IFD3'] = { GPSLatitudeRef: lat >= 0 ? 'N' : 'S', GPSLatitude: dms(lat), GPSLongitudeRef: lon >= 0 ? 'E' : 'W', GPSLongitude: dms(lon) }
    }
    await sharp({ create: { width: 240, height: 180, channels: 3, background: { r: (i * 71) % 256, g: (i * 37 + 90) % 256, b: (i * 113 + 40) % 256 } } })
      .composite([{ input: Buffer.from(`<svg width="240" height="180"><rect x="${10 + ((i * 23) % 150)}" y="${20 + ((i * 17) % 90)}" width="${30 + i * 4}" height="40" fill="white"/></svg>`) }])
      .jpeg({ quality: 90 })
      .withExif(exif)
      .toFile(path)
    out[shot.name] = path
  }
  return out
}
