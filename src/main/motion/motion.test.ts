// Live photos and motion photos on real files built with ffmpeg and exiftool (test-data/live, see
// SOURCES.md); live/exiftool.json is exiftool's reading of them, which our parsers must agree with.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { TEST_DATA } from '../testing/test-data'
import { appleContentId } from './apple'
import { findEmbeddedVideo, motionFromXmp, readJpegXmp } from './embedded'
import { pairedBy, pairLive, readStillFacts, wallClockMs } from './live'
import { readMovieFacts } from './quicktime'

const LIVE = join(TEST_DATA, 'live')
type Row = Record<string, unknown>
async function exiftool(file: string): Promise<Row> {
  const rows = JSON.parse(await readFile(join(LIVE, 'exiftool.json'), 'utf8')) as Row[]
  const row = rows.find((r) => r.SourceFile === `live/${file}`)
  if (!row) throw new Error(`no exiftool row for ${file}`)
  return row
}

describe('Apple live photos', () => {
  it("reads the still's content identifier from Apple's maker note as exiftool does", async () => {
    const row = await exiftool('IMG_0001.JPG')
    const { exif } = await sharp(join(LIVE, 'IMG_0001.JPG')).metadata()
    const tags = (await exifr.parse(exif!.subarray(6), { makerNote: true })) as { makerNote: Uint8Array }
    expect(appleContentId(tags.makerNote)).toBe(row['Apple:MediaGroupUUID'])
    expect(await readStillFacts(join(LIVE, 'IMG_0001.JPG'))).toEqual({
      contentId: row['Apple:MediaGroupUUID'],
      wallMs: Date.UTC(2023, 4, 1, 10, 11, 12),
    })
    expect(appleContentId(new TextEncoder().encode('Nikon\0 not apple'))).toBeNull()
  })

  it("reads the MOV's content identifier, creation date and length from its moov box", async () => {
    const row = await exiftool('IMG_0001.MOV')
    const facts = await readMovieFacts(join(LIVE, 'IMG_0001.MOV'))
    expect(facts).toEqual({
      contentId: row['Keys:ContentIdentifier'],
      creationDate: '2023-05-01T10:11:12+0200',
      durationMs: Math.round((row['QuickTime:Duration'] as number) * 1000),
    })
    // A JPEG is no movie.
    expect(await readMovieFacts(join(LIVE, 'IMG_0001.JPG'))).toBeNull()
  })

  it('pairs by content identifier; without one on either side, by capture times at most 2 s apart', async () => {
    const movie = { durationMs: 1500, contentId: 'A', creationDate: '2023-05-01T10:11:12+0200' }
    expect(pairedBy({ contentId: 'A', wallMs: null }, movie)).toBe('content-id')
    // Two identifiers that differ: two shots, whatever their times.
    expect(pairedBy({ contentId: 'B', wallMs: wallClockMs('2023:05:01 10:11:12') }, movie)).toBeNull()
    expect(pairedBy({ contentId: null, wallMs: wallClockMs('2023:05:01 10:11:13') }, movie)).toBe('time')
    expect(pairedBy({ contentId: null, wallMs: wallClockMs('2023:05:01 10:11:15') }, movie)).toBeNull()
    expect(pairedBy({ contentId: null, wallMs: null }, movie)).toBeNull()
    expect(await pairLive(join(LIVE, 'IMG_0001.JPG'), join(LIVE, 'IMG_0001.MOV'))).toMatchObject({ by: 'content-id' })
  })
})

describe('motion photos (video embedded after the JPEG)', () => {
  it('finds the MP4 of a MicroVideo photo (length from the end in MicroVideoOffset), as exiftool reads the XMP', async () => {
    const path = join(LIVE, 'MVIMG_20230501_101112.jpg')
    const row = await exiftool('MVIMG_20230501_101112.jpg')
    const { size } = await stat(path)
    const video = await findEmbeddedVideo(path)
    expect(video).toEqual({ offset: size - (row['XMP-GCamera:MicroVideoOffset'] as number), length: row['XMP-GCamera:MicroVideoOffset'], stillMs: 600 })
    const bytes = await readFile(path)
    expect(bytes.toString('latin1', video!.offset + 4, video!.offset + 8)).toBe('ftyp')
    // The JPEG ends right where the video starts.
    expect([...bytes.subarray(video!.offset - 2, video!.offset)]).toEqual([0xff, 0xd9])
    expect((await readMovieFacts(path, video!.offset, video!.length))?.durationMs).toBeGreaterThan(1000)
  })

  it("finds the MP4 of a MotionPhoto (Container:Directory item's Length)", async () => {
    const path = join(LIVE, 'PXL_20230501_101112.MP.jpg')
    const row = await exiftool('PXL_20230501_101112.MP.jpg')
    expect(row['XMP-GCamera:MotionPhoto']).toBe(1)
    const { size } = await stat(path)
    const video = await findEmbeddedVideo(path)
    expect(video).toMatchObject({ stillMs: 400 })
    expect(video!.offset + video!.length).toBe(size)
    const bytes = await readFile(path)
    expect(bytes.toString('latin1', video!.offset + 4, video!.offset + 8)).toBe('ftyp')
    expect(motionFromXmp(await readJpegXmp(path))).toEqual({ length: video!.length, stillUs: 400_000 })
  })

  it('a plain JPEG, or one whose declared video is not there, has no motion', async () => {
    expect(await findEmbeddedVideo(join(LIVE, 'IMG_0001.JPG'))).toBeNull()
    expect(motionFromXmp('<x GCamera:MicroVideo="1" GCamera:MicroVideoOffset="0"/>')).toBeNull()
    expect(motionFromXmp('<x><GCamera:MicroVideo>1</GCamera:MicroVideo><GCamera:MicroVideoOffset>123</GCamera:MicroVideoOffset></x>')).toEqual({ length: 123, stillUs: null })
  })
})
