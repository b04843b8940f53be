// Builds the DNG fixtures in test-data/raw/ from test-data/skimage/chelsea.png (CC0). Run once, by hand,
// from the repository root: `node scripts/make-raw-fixtures.mjs`, then `test-data/raw/write-exif.sh`
// (exiftool writes the camera metadata). Tests never run this; they read the committed files.
//
// A DNG (Adobe DNG 1.4) is a TIFF: IFD0 holds a small uncompressed RGB thumbnail and the DNG tags, its
// SubIFDs hold the CFA (Bayer RGGB, 16-bit, uncompressed) sensor data and, optionally, a full-size
// JPEG preview (Compression 7, YCbCr) as cameras and Adobe's converter write it. dcraw decodes the
// CFA and exiftool reads every tag, which checks the structure independently of our own parser.
import { writeFileSync } from 'node:fs'
import sharp from 'sharp'

const SOURCE = 'test-data/skimage/chelsea.png'
const WIDTH = 448
const HEIGHT = 298

const SHORT = 3
const LONG = 4
const ASCII = 2
const BYTE = 1
const RATIONAL = 5
const SRATIONAL = 10

class TiffWriter {
  chunks = []
  size = 8
  /** Appends bytes (word-aligned) and returns their offset. */
  append(buffer) {
    if (this.size % 2) this.push(Buffer.alloc(1))
    const offset = this.size
    this.push(buffer)
    return offset
  }
  push(buffer) {
    this.chunks.push(buffer)
    this.size += buffer.length
  }
  /** Entries: [tag, type, values]; values a string (ASCII) or numbers ([num, den] pairs for rationals). */
  ifd(entries, next = 0) {
    entries.sort((a, b) => a[0] - b[0])
    const body = Buffer.alloc(2 + entries.length * 12 + 4)
    body.writeUInt16LE(entries.length, 0)
    const pending = []
    entries.forEach(([tag, type, values], i) => {
      const data = encode(type, values)
      const at = 2 + i * 12
      body.writeUInt16LE(tag, at)
      body.writeUInt16LE(type, at + 2)
      body.writeUInt32LE(count(type, values), at + 4)
      if (data.length <= 4) data.copy(body, at + 8)
      else pending.push([at + 8, data])
    })
    body.writeUInt32LE(next, body.length - 4)
    for (const [at, data] of pending) body.writeUInt32LE(this.append(data), at)
    return this.append(body)
  }
  finish(ifd0) {
    const header = Buffer.from([0x49, 0x49, 42, 0, 0, 0, 0, 0])
    header.writeUInt32LE(ifd0, 4)
    return Buffer.concat([header, ...this.chunks])
  }
}

function count(type, values) {
  if (type === ASCII) return Buffer.byteLength(values) + 1
  if (type === RATIONAL || type === SRATIONAL) return values.length / 2
  return values.length
}

function encode(type, values) {
  if (type === ASCII) return Buffer.from(`${values}\0`, 'latin1')
  const width = { [BYTE]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 4, [SRATIONAL]: 4 }[type]
  const out = Buffer.alloc(values.length * width)
  values.forEach((v, i) => {
    if (type === BYTE) out.writeUInt8(v, i)
    else if (type === SHORT) out.writeUInt16LE(v, i * 2)
    else if (type === SRATIONAL) out.writeInt32LE(v, i * 4)
    else out.writeUInt32LE(v, i * 4)
  })
  return out
}

async function build({ orientation, withPreview }) {
  const rgb = await sharp(SOURCE).removeAlpha().resize(WIDTH, HEIGHT, { fit: 'fill' }).raw().toBuffer()
  const thumb = await sharp(SOURCE).removeAlpha().resize(96, 64, { fit: 'fill' }).raw().toBuffer()
  const preview = await sharp(rgb, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 85 }).toBuffer()
  // Bayer RGGB mosaic: each photosite keeps one channel of the source pixel, scaled to 16 bits.
  const cfa = Buffer.alloc(WIDTH * HEIGHT * 2)
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const channel = (y % 2) + (x % 2)
      cfa.writeUInt16LE(rgb[(y * WIDTH + x) * 3 + channel] * 257, (y * WIDTH + x) * 2)
    }
  }

  const w = new TiffWriter()
  const thumbAt = w.append(thumb)
  const cfaAt = w.append(cfa)
  const previewAt = withPreview ? w.append(preview) : 0
  const rawIfd = w.ifd([
    [254, LONG, [0]],
    [256, LONG, [WIDTH]],
    [257, LONG, [HEIGHT]],
    [258, SHORT, [16]],
    [259, SHORT, [1]],
    [262, SHORT, [32803]],
    [273, LONG, [cfaAt]],
    [277, SHORT, [1]],
    [278, LONG, [HEIGHT]],
    [279, LONG, [cfa.length]],
    [284, SHORT, [1]],
    [33421, SHORT, [2, 2]],
    [33422, BYTE, [0, 1, 1, 2]],
    [50714, LONG, [0]],
    [50717, LONG, [65535]],
  ])
  const subIfds = [rawIfd]
  if (withPreview) {
    subIfds.push(
      w.ifd([
        [254, LONG, [1]],
        [256, LONG, [WIDTH]],
        [257, LONG, [HEIGHT]],
        [258, SHORT, [8, 8, 8]],
        [259, SHORT, [7]],
        [262, SHORT, [6]],
        [273, LONG, [previewAt]],
        [277, SHORT, [3]],
        [278, LONG, [HEIGHT]],
        [279, LONG, [preview.length]],
        [284, SHORT, [1]],
        [50970, LONG, [2]],
      ]),
    )
  }
  const ifd0 = w.ifd([
    [254, LONG, [1]],
    [256, LONG, [96]],
    [257, LONG, [64]],
    [258, SHORT, [8, 8, 8]],
    [259, SHORT, [1]],
    [262, SHORT, [2]],
    [273, LONG, [thumbAt]],
    [274, SHORT, [orientation]],
    [277, SHORT, [3]],
    [278, LONG, [64]],
    [279, LONG, [thumb.length]],
    [284, SHORT, [1]],
    [330, LONG, subIfds],
    [50706, BYTE, [1, 4, 0, 0]],
    [50707, BYTE, [1, 1, 0, 0]],
    [50708, ASCII, 'PhotoHouse Fixture DNG'],
    // sRGB → XYZ (D65) inverted, i.e. XYZ → camera for a "camera" whose primaries are sRGB's, ×10000.
    [50721, SRATIONAL, [32406, 10000, -15372, 10000, -4986, 10000, -9689, 10000, 18758, 10000, 415, 10000, 557, 10000, -2040, 10000, 10570, 10000]],
    [50728, RATIONAL, [1, 1, 1, 1, 1, 1]],
    [50778, SHORT, [21]],
  ])
  return w.finish(ifd0)
}

writeFileSync('test-data/raw/chelsea-rotated.dng', await build({ orientation: 6, withPreview: true }))
writeFileSync('test-data/raw/chelsea-no-preview.dng', await build({ orientation: 1, withPreview: false }))
