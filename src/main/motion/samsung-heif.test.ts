// Samsung SEF-trailer motion photos and HEIC motion photos ('mpvd' box) on files built in the vendors'
// layouts (test-data/live/make-samsung.sh, see SOURCES.md); live/exiftool-samsung.json is exiftool's
// reading of them, which our byte ranges must agree with.
import { open, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { TEST_DATA } from '../testing/test-data'
import { findFfmpeg, probeVideo } from '../video'
import { findEmbeddedVideo, heifMotionFromXmp } from './embedded'
import { videoFromMpvdBox } from './heif'
import { readMovieFacts } from './quicktime'
import { isWholeMovie, videoFromSefTrailer } from './samsung'

const LIVE = join(TEST_DATA, 'live')
const SAMSUNG_JPEG = join(LIVE, '20230501_101113.jpg')
const SAMSUNG_HEIC = join(LIVE, '20230501_101115.heic')
type Row = Record<string, unknown>
async function exiftool(file: string): Promise<Row> {
  const rows = JSON.parse(await readFile(join(LIVE, 'exiftool-samsung.json'), 'utf8')) as Row[]
  const row = rows.find((r) => r.SourceFile === `live/${file}`)
  if (!row) throw new Error(`no exiftool row for ${file}`)
  return row
}
/** exiftool's "(Binary data N bytes, …)" for a tag: N. */
const binaryLength = (value: unknown) => Number(/^\(Binary data (\d+) bytes/.exec(String(value))?.[1])

const dir = tempDir()
afterAll(() => dir.cleanup())
const tools = findFfmpeg('bundled')

/** The slice as a file of its own, as ffprobe reads it: a playable MP4 of about 1.2 s. */
async function expectPlayableSlice(path: string, range: { offset: number; length: number }, name: string): Promise<void> {
  const bytes = await readFile(path)
  const slice = bytes.subarray(range.offset, range.offset + range.length)
  expect(slice.toString('latin1', 4, 8)).toBe('ftyp')
  expect((await readMovieFacts(path, range.offset, range.length))?.durationMs).toBeGreaterThan(1000)
  if (!tools) return // no ffprobe here: the moov box's duration above is the check
  const file = join(dir.path, `${name}.mp4`)
  await writeFile(file, slice)
  const probe = await probeVideo(tools, file)
  expect(probe.durationMs).toBeGreaterThan(1000)
  expect(probe.width).toBe(160)
}

/** A copy of `source` changed by `edit`, in the temp folder. */
async function variant(source: string, name: string, edit: (bytes: Buffer) => Buffer): Promise<string> {
  const path = join(dir.path, name)
  await writeFile(path, edit(await readFile(source)))
  return path
}

describe('older Samsung motion photos (MotionPhoto_Data and the SEF trailer)', () => {
  it("finds the MP4 the SEF trailer names, where exiftool's EmbeddedVideoFile is", async () => {
    const row = await exiftool('20230501_101113.jpg')
    expect(row['Samsung:EmbeddedVideoType']).toBe('MotionPhoto_Data')
    const video = await findEmbeddedVideo(SAMSUNG_JPEG)
    expect(video).toMatchObject({ length: binaryLength(row['Samsung:EmbeddedVideoFile']), stillMs: null })
    const bytes = await readFile(SAMSUNG_JPEG)
    // The block's name comes right before the video; the video is not the end of the file.
    expect(bytes.toString('latin1', video!.offset - 16, video!.offset)).toBe('MotionPhoto_Data')
    expect(video!.offset + video!.length).toBeLessThan(bytes.length)
    await expectPlayableSlice(SAMSUNG_JPEG, video!, 'sef')
  })

  it('without its trailer, finds the MP4 after the marker when the movie runs to the end of the file', async () => {
    const whole = await readFile(SAMSUNG_JPEG)
    const video = (await findEmbeddedVideo(SAMSUNG_JPEG))!
    const cut = await variant(SAMSUNG_JPEG, 'no-trailer.jpg', (b) => b.subarray(0, video.offset + video.length))
    const handle = await open(cut, 'r')
    try {
      expect(await videoFromSefTrailer(handle, (await stat(cut)).size)).toBeNull()
    } finally {
      await handle.close()
    }
    expect(await findEmbeddedVideo(cut)).toEqual({ offset: video.offset, length: video.length, stillMs: null })
    expect(whole.length).toBeGreaterThan(video.offset + video.length)
  })

  it('a JPEG with random bytes after it, a cut-off trailer or a cut-off video is no motion photo', async () => {
    const jpeg = join(LIVE, 'IMG_0001.JPG')
    // Bytes that look nothing like a video, and ones that name it without a movie after the name.
    const noise = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251))
    const random = await variant(jpeg, 'random-tail.jpg', (b) => Buffer.concat([b, noise]))
    expect(await findEmbeddedVideo(random)).toBeNull()
    const named = await variant(jpeg, 'marker-no-movie.jpg', (b) => Buffer.concat([b, Buffer.from('MotionPhoto_Data'), noise]))
    expect(await findEmbeddedVideo(named)).toBeNull()
    // The trailer cut short: no directory, and after the movie come bytes that are no box.
    const shortTrailer = await variant(SAMSUNG_JPEG, 'short-trailer.jpg', (b) => b.subarray(0, b.length - 4))
    expect(await findEmbeddedVideo(shortTrailer)).toBeNull()
    const video = (await findEmbeddedVideo(SAMSUNG_JPEG))!
    const shortVideo = await variant(SAMSUNG_JPEG, 'short-video.jpg', (b) => b.subarray(0, video.offset + video.length - 100))
    expect(await findEmbeddedVideo(shortVideo)).toBeNull()
    // A directory whose entry points past the file's start.
    const bad = await variant(SAMSUNG_JPEG, 'bad-directory.jpg', (b) => {
      const copy = Buffer.from(b)
      const directoryAt = copy.length - 8 - copy.readUInt32LE(copy.length - 8)
      copy.writeUInt32LE(copy.length, directoryAt + 12 + 4)
      return copy
    })
    expect(await findEmbeddedVideo(bad)).toBeNull()
    // Each still decodes as a photo.
    expect((await sharp(shortTrailer).metadata()).width).toBe(400)
  })

  it('a movie is whole only when its boxes end exactly at the end, with a moov among them', async () => {
    const video = (await findEmbeddedVideo(SAMSUNG_JPEG))!
    const handle = await open(SAMSUNG_JPEG, 'r')
    try {
      expect(await isWholeMovie(handle, video.offset, video.offset + video.length)).toBe(true)
      expect(await isWholeMovie(handle, video.offset, video.offset + video.length - 1)).toBe(false)
      expect(await isWholeMovie(handle, video.offset - 16, video.offset + video.length)).toBe(false)
    } finally {
      await handle.close()
    }
  })
})

describe("HEIC motion photos (the MP4 in a top-level 'mpvd' box)", () => {
  it("finds the MP4 in the mpvd box, where exiftool's MotionPhotoVideo is, with the XMP's still time", async () => {
    const row = await exiftool('20230501_101115.heic')
    expect(row['XMP-GCamera:MotionPhoto']).toBe(1)
    const video = await findEmbeddedVideo(SAMSUNG_HEIC)
    const { size } = await stat(SAMSUNG_HEIC)
    expect(video).toEqual({ offset: size - binaryLength(row['QuickTime:MotionPhotoVideo']), length: binaryLength(row['QuickTime:MotionPhotoVideo']), stillMs: 500 })
    const bytes = await readFile(SAMSUNG_HEIC)
    expect(bytes.toString('latin1', video!.offset - 4, video!.offset)).toBe('mpvd')
    await expectPlayableSlice(SAMSUNG_HEIC, video!, 'mpvd')
    // The still is still a HEIC any reader decodes (the box is skipped).
    expect(await sharp(SAMSUNG_HEIC).metadata()).toMatchObject({ format: 'heif', width: 512 })
  })

  it('needs both the XMP and an mpvd box holding an MP4', async () => {
    // A HEIC without the XMP, even with the box, and a plain HEIC: no motion.
    const mpvd = (await readFile(SAMSUNG_HEIC)).subarray((await findEmbeddedVideo(SAMSUNG_HEIC))!.offset - 8)
    const noXmp = await variant(join(TEST_DATA, 'heic', 'fruits.heic'), 'no-xmp.heic', (b) => Buffer.concat([b, mpvd]))
    expect(await findEmbeddedVideo(noXmp)).toBeNull()
    expect(await findEmbeddedVideo(join(TEST_DATA, 'heic', 'fruits.heic'))).toBeNull()
    // The XMP, but the box cut short, or holding no movie.
    const cut = await variant(SAMSUNG_HEIC, 'cut.heic', (b) => b.subarray(0, b.length - 10))
    expect(await findEmbeddedVideo(cut)).toBeNull()
    const notMovie = await variant(SAMSUNG_HEIC, 'not-movie.heic', (b) => {
      const copy = Buffer.from(b)
      copy.write('free', copy.length - mpvd.length + 12, 'latin1') // the payload's ftyp
      return copy
    })
    expect(await findEmbeddedVideo(notMovie)).toBeNull()
    const handle = await open(notMovie, 'r')
    try {
      expect(await videoFromMpvdBox(handle, (await stat(notMovie)).size)).toBeNull()
    } finally {
      await handle.close()
    }
    expect(heifMotionFromXmp('<x GCamera:MotionPhoto="0"/>')).toBeNull()
    expect(heifMotionFromXmp('<x GCamera:MotionPhoto="1"/>')).toEqual({ stillUs: null })
  })
})
