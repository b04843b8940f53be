// Builds test-data/raw/chelsea-rotated.cr3 from test-data/skimage/chelsea.png (CC0) and records
// exiftool's reading of it. Run once, by hand, from the repository root: `node scripts/make-cr3-fixture.mjs`
// (needs Debian's libimage-exiftool-perl). Tests never run this; they read the committed files.
//
// No real CR3 can be shipped here (none is in npm or Debian), so this writes a small file in CR3's
// layout (ISO-BMFF, as described by exiftool's Canon tables and lclevy's "Canon CR3 format" notes):
//   ftyp 'crx '
//   moov
//     uuid 85c0b687-820f-11e0-8111-f4ce462b6a48   Canon's metadata box
//       CNCV (compressor version), CMT1 (IFD0), CMT2 (Exif IFD), CMT4 (GPS IFD): each a whole TIFF
//       THMB (160x120 JPEG thumbnail)
//   uuid eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16     the preview box
//     PRVW (448x298 JPEG preview)
//   mdat (a few placeholder bytes where a camera writes the CRX sensor data)
// There is no sensor data: PhotoHouse never develops it. exiftool reading this file as a CR3 with the
// values written is the independent check that the layout is right.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import sharp from 'sharp'

const SOURCE = 'test-data/skimage/chelsea.png'
const OUT = 'test-data/raw/chelsea-rotated.cr3'
const ANSWERS = 'test-data/raw/chelsea-rotated.cr3.exiftool.json'

const BYTE = 1
const ASCII = 2
const SHORT = 3
const LONG = 4
const RATIONAL = 5

/** A little-endian TIFF holding one IFD (what each CMT box is). */
function tiff(entries) {
  entries.sort((a, b) => a[0] - b[0])
  const ifdAt = 8
  const ifdSize = 2 + entries.length * 12 + 4
  const data = []
  let dataAt = ifdAt + ifdSize
  const ifd = Buffer.alloc(ifdSize)
  ifd.writeUInt16LE(entries.length, 0)
  entries.forEach(([tag, type, values], i) => {
    const encoded = encode(type, values)
    const at = 2 + i * 12
    ifd.writeUInt16LE(tag, at)
    ifd.writeUInt16LE(type, at + 2)
    ifd.writeUInt32LE(type === ASCII ? encoded.length : type === RATIONAL ? values.length / 2 : values.length, at + 4)
    if (encoded.length <= 4) encoded.copy(ifd, at + 8)
    else {
      ifd.writeUInt32LE(dataAt, at + 8)
      const padded = encoded.length % 2 ? Buffer.concat([encoded, Buffer.alloc(1)]) : encoded
      data.push(padded)
      dataAt += padded.length
    }
  })
  const header = Buffer.from([0x49, 0x49, 42, 0, ifdAt, 0, 0, 0])
  return Buffer.concat([header, ifd, ...data])
}

function encode(type, values) {
  if (type === ASCII) return Buffer.from(`${values}\0`, 'latin1')
  const width = { [BYTE]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 4 }[type]
  const out = Buffer.alloc(values.length * width)
  values.forEach((v, i) => {
    if (type === BYTE) out.writeUInt8(v, i)
    else if (type === SHORT) out.writeUInt16LE(v, i * 2)
    else out.writeUInt32LE(v, i * 4)
  })
  return out
}

function box(type, ...parts) {
  const payload = Buffer.concat(parts)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

const uuid = (hex) => Buffer.from(hex.replaceAll('-', ''), 'hex')
const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b }
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b }

const WIDTH = 448
const HEIGHT = 298
const preview = await sharp(SOURCE).removeAlpha().resize(WIDTH, HEIGHT, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer()
const thumb = await sharp(SOURCE).removeAlpha().resize(160, 120, { fit: 'fill' }).jpeg({ quality: 80 }).toBuffer()

const cmt1 = tiff([
  [271, ASCII, 'Canon'],
  [272, ASCII, 'Canon EOS R5'],
  [274, SHORT, [8]],
  [282, RATIONAL, [72, 1]],
  [283, RATIONAL, [72, 1]],
  [296, SHORT, [2]],
  [306, ASCII, '2023:09:02 07:45:03'],
  [315, ASCII, ''],
])
const cmt2 = tiff([
  [0x829a, RATIONAL, [1, 125]],
  [0x829d, RATIONAL, [4, 1]],
  [0x8827, SHORT, [800]],
  [0x9003, ASCII, '2023:09:02 07:45:03'],
  [0x9004, ASCII, '2023:09:02 07:45:03'],
  [0x9010, ASCII, '+01:00'],
  [0x9011, ASCII, '+01:00'],
  [0x9012, ASCII, '+01:00'],
  [0x9291, ASCII, '50'],
  [0x920a, RATIONAL, [50, 1]],
  [0xa434, ASCII, 'RF24-105mm F4 L IS USM'],
])
const cmt4 = tiff([
  [0, BYTE, [2, 3, 0, 0]],
  [1, ASCII, 'N'],
  [2, RATIONAL, [51, 1, 30, 1, 252, 100]],
  [3, ASCII, 'W'],
  [4, RATIONAL, [0, 1, 7, 1, 2856, 100]],
  [5, BYTE, [0]],
  [6, RATIONAL, [12, 1]],
])

// THMB: version/flags, width, height, JPEG length, two unknown shorts, then the JPEG.
const thmb = box('THMB', u32(0), u16(160), u16(120), u32(thumb.length), u16(1), u16(0), thumb)
const canon = box(
  'uuid',
  uuid('85c0b687-820f-11e0-8111-f4ce462b6a48'),
  box('CNCV', Buffer.from('CanonCR3_001/00.09.00/00.00.00', 'latin1')),
  box('CMT1', cmt1),
  box('CMT2', cmt2),
  box('CMT4', cmt4),
  thmb,
)
// PRVW: an unknown zero word, 1, width, height, 1, JPEG length, then the JPEG (exiftool reads it at +0x30 of the uuid payload).
const prvw = box('PRVW', u32(0), u16(1), u16(WIDTH), u16(HEIGHT), u16(1), u32(preview.length), preview)
const previewBox = box('uuid', uuid('eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16'), u32(0), u32(1), prvw)
const ftyp = box('ftyp', Buffer.from('crx ', 'latin1'), u32(1), Buffer.from('crx isom', 'latin1'))
const file = Buffer.concat([ftyp, box('moov', canon), previewBox, box('mdat', Buffer.alloc(64))])
writeFileSync(OUT, file)

const json = execFileSync('exiftool', ['-j', '-G1', '-n', '-a', OUT], { encoding: 'utf8' })
const [row] = JSON.parse(json)
for (const key of ['System:FileModifyDate', 'System:FileAccessDate', 'System:FileInodeChangeDate', 'System:Directory', 'System:FilePermissions', 'ExifTool:ExifToolVersion']) delete row[key]
row.SourceFile = 'raw/chelsea-rotated.cr3'
writeFileSync(ANSWERS, `${JSON.stringify([row], null, 2)}\n`)
console.log(`${OUT}: ${file.length} bytes`)
