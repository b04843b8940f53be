// npm run bench:raw [-- --files N]: the RAW work of N imports — camera facts (readMetadata), the
// preview decoded to thumbnail size (the thumbnail stage's decodeUpright) and the full-size pixel hash
// (the duplicate review's pixelFacts), each reading the file as in the app — beside the raw libraries
// doing the same work in the same run: one readFile, the preview sliced where the bare loop is told it
// is (no walk, no checks), exifr on the EXIF, sharp decoding the slice to the same size, hashing its
// full-size pixels and making the same 32x32 grey thumbnail. Files: the committed Canon R6 CR3 (a real 1620x1080 PRVW preview), the same file
// padded with zeros to a real R6 CR3's 25 MB (where its sensor data would be), and the DNG built
// here, copied to N paths (one layout per path, as an import of N files sees them).
// Then the walk against a cached layout: what the 2nd and 3rd read of each file cost.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import exifr from 'exifr'
import sharp from 'sharp'
import { GRAY_SIDE, pixelFacts } from '../src/main/duplicates/pixels'
import { decodeUpright, ensureSharpConfigured, PREVIEW_MAX_SIDE, readMetadata, sniffImageFormat } from '../src/main/ingest'
import { RawLayoutCache, readRawPreviews } from '../src/main/raw'
import { TEST_DATA } from '../src/main/testing/test-data'

const { values } = parseArgs({ options: { files: { type: 'string', default: '30' } } })
const N = Number(values.files)
const RAW = join(TEST_DATA, 'raw')

/** Where the bare loop is told each preview is: exiftool's reading (test-data/raw/*.json), no walk. */
interface Known {
  source: string
  ext: string
  preview: { offset: number; length: number }
  orientation: number
  /** The EXIF to hand exifr: the file (TIFF) or Canon's CMT1/CMT2 boxes (CR3, found by name). */
  cr3: boolean
}
const dngRow = (JSON.parse(readFileSync(join(RAW, 'exiftool.json'), 'utf8')) as Record<string, number>[]).find((r) => String(r.SourceFile).endsWith('chelsea-rotated.dng'))!
const r6 = readFileSync(join(RAW, 'camera', 'exiv2-Canon-R6-pruned.CR3'))
// PRVW: 16 bytes of Canon's header after the box header, then the JPEG; its length at +20 (see cr3.ts).
const prvw = r6.indexOf('PRVW', 0, 'latin1') - 4
const work = mkdtempSync(join(tmpdir(), 'photohouse-bench-raw-'))
const padded = join(work, 'r6-25mb.CR3')
writeFileSync(padded, Buffer.concat([r6, Buffer.alloc(25 * 1024 * 1024 - r6.length)]))
const KNOWN: Known[] = [
  { source: padded, ext: 'CR3', preview: { offset: prvw + 24, length: r6.readUInt32BE(prvw + 20) }, orientation: 1, cr3: true },
  { source: join(RAW, 'camera', 'exiv2-Canon-R6-pruned.CR3'), ext: 'CR3', preview: { offset: prvw + 24, length: r6.readUInt32BE(prvw + 20) }, orientation: 1, cr3: true },
  { source: join(RAW, 'chelsea-rotated.dng'), ext: 'dng', preview: { offset: dngRow['SubIFD1:PreviewImageStart']!, length: dngRow['SubIFD1:PreviewImageLength']! }, orientation: 6, cr3: false },
]

const files = Array.from({ length: N }, (_, i) => {
  const known = KNOWN[i % KNOWN.length]!
  const path = join(work, `IMG_${String(i).padStart(4, '0')}.${known.ext}`)
  copyFileSync(known.source, path)
  return { path, known }
})

const ANGLE: Record<number, number> = { 1: 0, 3: 180, 6: 90, 8: 270 }
const EXIF_OPTIONS = { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, makerNote: false, translateValues: false, reviveValues: false }

/** The bare libraries: one read, a slice where the preview is known to be, exifr, sharp. */
async function bare({ path, known }: (typeof files)[number]): Promise<string> {
  const bytes = await readFile(path)
  const jpeg = bytes.subarray(known.preview.offset, known.preview.offset + known.preview.length)
  let make: unknown
  if (known.cr3) {
    // CMT1 (IFD0) and CMT2 (Exif) are little TIFFs; the box's size is the 4 bytes before its name.
    for (const name of ['CMT1', 'CMT2']) {
      const at = bytes.indexOf(name, 0, 'latin1')
      const tags = (await exifr.parse(bytes.subarray(at + 4, at - 4 + bytes.readUInt32BE(at - 4)), { ...EXIF_OPTIONS, exif: false, gps: false })) as Record<string, unknown>
      make ??= tags.Make
    }
  } else {
    make = ((await exifr.parse(bytes, EXIF_OPTIONS)) as Record<string, unknown>).Make
  }
  const angle = ANGLE[known.orientation] ?? 0
  // Two pipelines of their own (sharp's clone() feeds its clones through a stream, which is slower).
  const upright = () => (angle === 0 ? sharp(jpeg) : sharp(jpeg).rotate(angle))
  await upright().resize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer()
  const full = await upright().ensureAlpha().raw().toBuffer()
  await upright().resize(GRAY_SIDE, GRAY_SIDE, { fit: 'fill' }).greyscale().raw().toBuffer() // pixelFacts' gray32
  return `${String(make)} ${createHash('sha256').update(full).digest('hex').slice(0, 8)}`
}

/** PhotoHouse: the three reads an import makes of a RAW. */
async function ours({ path }: (typeof files)[number]): Promise<string> {
  const m = await readMetadata(path)
  await decodeUpright(path, await sniffImageFormat(path), PREVIEW_MAX_SIDE)
  const facts = await pixelFacts(path)
  return `${m.make} ${facts.pixelHash.slice(0, 8)}`
}

async function timed(run: (file: (typeof files)[number]) => Promise<string>): Promise<number> {
  const t0 = performance.now()
  for (const file of files) {
    const answer = await run(file)
    if (!answer.startsWith('Canon')) throw new Error(`unexpected answer for ${file.path}: ${answer}`)
  }
  return (performance.now() - t0) / 1000
}

ensureSharpConfigured()
// Warm-up: libvips' and exifr's first-use costs, outside the timed part (other paths: not cached).
for (const known of KNOWN) {
  const path = join(work, `warmup.${known.ext}`)
  copyFileSync(known.source, path)
  await bare({ path, known })
  await ours({ path, known })
}
const oursSeconds = await timed(ours)
const bareSeconds = await timed(bare)

// The walk against the cache: a cold read of every file (walking it), then the same reads again.
const cacheMs = new Map<string, { cold: number; warm: number }>()
for (const known of KNOWN) {
  const cache = new RawLayoutCache(N)
  const some = files.filter((f) => f.known === known)
  let t0 = performance.now()
  for (const { path } of some) await readRawPreviews(path, { cache, max: 1 })
  const cold = (performance.now() - t0) / some.length
  t0 = performance.now()
  for (const { path } of some) await readRawPreviews(path, { cache, max: 1 })
  cacheMs.set(`${known.ext} ${(readFileSync(known.source).length / 1024 / 1024).toFixed(1)} MB`, { cold, warm: (performance.now() - t0) / some.length })
}
rmSync(work, { recursive: true, force: true })

console.log(`${N} RAW files (Canon R6 CR3 with its 1620x1080 preview at 25 MB and 0.5 MB, a DNG with a 448x298 preview), one at a time:`)
console.log(`bare libraries (readFile + known slice + exifr + sharp preview-size decode + full-size pixel hash + 32x32 grey): ${(N / bareSeconds).toFixed(1)} files/s (${bareSeconds.toFixed(2)} s)`)
console.log(`PhotoHouse (readMetadata + decodeUpright + pixelFacts, three reads of each file): ${(N / oursSeconds).toFixed(1)} files/s (${oursSeconds.toFixed(2)} s)`)
for (const [what, ms] of cacheMs) console.log(`  readRawPreviews, ${what}: ${ms.cold.toFixed(2)} ms walking the file, ${ms.warm.toFixed(2)} ms from the cached layout`)
console.log(`ratio (PhotoHouse / bare): ${(bareSeconds / oursSeconds).toFixed(2)}`)
