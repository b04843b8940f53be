import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sniffImageFormat } from '../ingest/image-format'
import { readMetadata } from '../ingest/metadata'
import { TEST_DATA } from '../testing/test-data'
import { cr3TiffsInFile, Cr3FormatError, readCr3Tiffs, readRawPreviews } from '.'

// A file in CR3's layout built by scripts/make-cr3-fixture.mjs (not from a camera: see SOURCES.md);
// chelsea-rotated.cr3.exiftool.json is exiftool's reading of it (`exiftool -j -G1 -n -a`).
const RAW = join(TEST_DATA, 'raw')
const CR3 = join(RAW, 'chelsea-rotated.cr3')

type Row = Record<string, unknown>
async function exiftool(): Promise<Row> {
  const [row] = JSON.parse(await readFile(join(RAW, 'chelsea-rotated.cr3.exiftool.json'), 'utf8')) as Row[]
  return row!
}

/** Byte offset of a box's size field, found by its type: the fixture has each type once. */
function boxOffset(bytes: Buffer, type: string): number {
  const at = bytes.indexOf(type, 0, 'latin1')
  expect(at).toBeGreaterThan(4)
  return at - 4
}

describe('Canon CR3', () => {
  let dir: string
  let bytes: Buffer
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'photohouse-cr3-'))
    bytes = await readFile(CR3)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const write = async (name: string, content: Buffer) => {
    const path = join(dir, name)
    await writeFile(path, content)
    return path
  }

  it('is sniffed as a CR3 RAW, as exiftool calls it', async () => {
    const row = await exiftool()
    expect(row['File:FileType']).toBe('CR3')
    expect(await sniffImageFormat(CR3)).toMatchObject({ format: 'raw', mime: row['File:MIMEType'] })
  })

  it("shows the PRVW box's JPEG, turned by CMT1's orientation; the THMB thumbnail is too small to count", async () => {
    const row = await exiftool()
    const previews = await readRawPreviews(CR3)
    expect(previews).toHaveLength(1)
    const [preview] = previews
    // exiftool: "(Binary data 26316 bytes, use -b option to extract)"
    const length = Number(/Binary data (\d+) bytes/.exec(String(row['QuickTime:PreviewImage']))?.[1])
    expect(preview!.stream).toMatchObject({ length, width: 448, height: 298 })
    // The PRVW header says where its JPEG starts: 24 bytes after the box's own start.
    expect(preview!.stream.offset).toBe(boxOffset(bytes, 'PRVW') + 24)
    expect(preview!.stream.length).toBe(bytes.readUInt32BE(boxOffset(bytes, 'PRVW') + 20))
    expect(preview!.orientation).toBe(row['IFD0:Orientation'])
  })

  it('reads the camera metadata from CMT1, CMT2 and CMT4 as exiftool does', async () => {
    const row = await exiftool()
    const m = await readMetadata(CR3)
    expect(m).toMatchObject({
      mime: 'image/x-canon-cr3',
      make: row['IFD0:Make'],
      model: row['IFD0:Model'],
      lens: row['ExifIFD:LensModel'],
      iso: row['ExifIFD:ISO'],
      fNumber: row['ExifIFD:FNumber'],
      exposureTime: row['ExifIFD:ExposureTime'],
      focalLength: row['ExifIFD:FocalLength'],
      orientation: row['IFD0:Orientation'],
      alt: row['GPS:GPSAltitude'],
      takenAtSource: 'DateTimeOriginal',
    })
    expect(row['Composite:SubSecDateTimeOriginal']).toBe('2023:09:02 07:45:03.50+01:00')
    expect(m.takenAt).toBe('2023-09-02T07:45:03.500+01:00')
    expect(m.lat).toBeCloseTo(row['Composite:GPSLatitude'] as number, 6)
    expect(m.lon).toBeCloseTo(row['Composite:GPSLongitude'] as number, 6)
    // Orientation 8 (90° anticlockwise) turns the 448x298 preview upright.
    expect({ width: m.width, height: m.height }).toEqual({ width: 298, height: 448 })
  })

  it('reads the metadata from the header boxes alone: a file cut off right after moov still has it', async () => {
    const moovEnd = boxOffset(bytes, 'moov') + bytes.readUInt32BE(boxOffset(bytes, 'moov'))
    // Everything after moov (preview, sensor data) replaced by the start of a box that claims 100 MB.
    const tail = Buffer.alloc(8)
    tail.writeUInt32BE(100 * 1024 * 1024, 0)
    tail.write('mdat', 4, 'latin1')
    const cut = await write('cut-after-moov.cr3', Buffer.concat([bytes.subarray(0, moovEnd), tail]))
    const tiffs = await readCr3Tiffs(cut)
    expect(Object.keys(tiffs).sort()).toEqual(['CMT1', 'CMT2', 'CMT4'])
    expect(tiffs.CMT1!.toString('latin1', 0, 4)).toBe('II*\0')
  })

  it('the box walker rejects garbage, truncated and inconsistent files with a clear error', async () => {
    const garbage = await write('garbage.cr3', Buffer.from('this is not a canon raw file, just some words'))
    await expect(readCr3Tiffs(garbage)).rejects.toThrow(Cr3FormatError)
    await expect(readCr3Tiffs(garbage)).rejects.toThrow(/not an ISO-BMFF file/)

    const mp4 = Buffer.from(bytes)
    mp4.write('isom', 8, 'latin1')
    await expect(readCr3Tiffs(await write('brand.cr3', mp4))).rejects.toThrow(/not a CR3 \(ftyp brand 'isom'/)

    const truncated = await write('truncated.cr3', bytes.subarray(0, boxOffset(bytes, 'CMT2')))
    await expect(readCr3Tiffs(truncated)).rejects.toThrow(/box 'moov' at byte \d+ \(\d+ bytes\) runs past the end of the file/)
    expect(() => cr3TiffsInFile(bytes.subarray(0, boxOffset(bytes, 'CMT2')))).toThrow(/runs past its parent/)

    // A child box that claims more than its parent holds.
    const overlong = Buffer.from(bytes)
    overlong.writeUInt32BE(0x7fffffff, boxOffset(bytes, 'CMT1'))
    expect(() => cr3TiffsInFile(overlong)).toThrow(/box 'CMT1' at byte \d+ \(2147483647 bytes\) runs past its parent/)
    // A size smaller than a box header would loop forever if accepted.
    const tiny = Buffer.from(bytes)
    tiny.writeUInt32BE(3, boxOffset(bytes, 'CMT1'))
    expect(() => cr3TiffsInFile(tiny)).toThrow(/runs past its parent/)

    const noCanon = Buffer.from(bytes)
    noCanon.fill(0, boxOffset(bytes, 'moov') + 16, boxOffset(bytes, 'moov') + 32) // the uuid's id
    expect(() => cr3TiffsInFile(noCanon)).toThrow(/moov has no Canon metadata box/)
  })

  it('a CR3 whose metadata boxes are damaged is still a photo: its preview, no camera facts, no error', async () => {
    const damaged = Buffer.from(bytes)
    damaged.writeUInt32BE(0x7fffffff, boxOffset(bytes, 'CMT1'))
    const path = await write('damaged.cr3', damaged)
    const m = await readMetadata(path)
    expect(m).toMatchObject({ mime: 'image/x-canon-cr3', takenAt: null, make: null, lat: null, width: 448, height: 298 })
  })
})
