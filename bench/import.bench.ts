// npm run bench:import [-- --files N]: files/s of the whole import (hash, EXIF, two thumbnails,
// perceptual hash, catalog writes, task queue) until every photo is ready in the grid, beside a bare
// sharp loop making the same two thumbnails of the same files, in the same run. Target ratio >= 0.8.
// The AI stages run beside the import as in the app (their CPU is not the bare loop's to spend, so
// the ratio is a floor); the time until they are done too is printed apart.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { createApp } from '../src/main/app'
import { rawSharpThumbnails } from './thumbnails-raw'

// The classifier runs as in the app: it ships in resources/models, where the app finds it.

const { values } = parseArgs({ options: { files: { type: 'string', default: '24' }, keep: { type: 'boolean', default: false } } })
const N = Number(values.files)
const work = mkdtempSync(join(tmpdir(), 'photohouse-bench-import-'))
const photos = join(work, 'photos')
mkdirSync(photos, { recursive: true })

console.log(`Generating ${N} 12-megapixel JPEGs (4000x3000)...`)
for (let i = 0; i < N; i++) {
  // Smooth gradients + noise: compresses like a photo, not like flat color or pure noise.
  const base = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 90 + (i % 60), sigma: 60 } } })
    .png()
    .toBuffer()
  await sharp(base)
    .resize(4000, 3000, { kernel: 'cubic' })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'PhotoHouse', Model: 'Bench', DateTime: '2024:06:01 12:00:00' } })
    .toFile(join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`))
}
const files = Array.from({ length: N }, (_, i) => join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`))

// Warm-up both paths on one file so neither pays libvips' first-use costs in the timed part.
await rawSharpThumbnails(files[0]!, join(work, 'warmup'))

const rawOut = join(work, 'raw')
mkdirSync(rawOut)
// The bare loop gets the same parallelism as the import's workers (one file per core at a time) and
// the same sharp settings (PhotoHouse's sharp set-up is global), so the ratio is only our overhead.
const lanes = cpus().length
let t0 = performance.now()
let next = 0
await Promise.all(
  Array.from({ length: lanes }, async () => {
    while (next < files.length) await rawSharpThumbnails(files[next++]!, rawOut)
  }),
)
const rawSeconds = (performance.now() - t0) / 1000

const app = createApp({ libraryDir: join(work, 'library'), watch: false, concurrency: lanes, log: () => {} })
// As a user finds the app: started, its inference process warmed up in the background (start()
// begins that) before the first folder is dropped in. Timed apart: once per app start.
const warmStart = performance.now()
app.start()
await app.warmUp()
const warmSeconds = (performance.now() - warmStart) / 1000
t0 = performance.now()
await app.library.addRoots([photos])
// The import is done when every photo is in the grid (hashed, read, thumbnails made). The AI stages
// (tags, OCR, faces, CLIP when installed) keep running after that, beside it from the start: they
// have their own benchmarks, and their time is printed apart.
await new Promise<void>((resolve) => {
  const poll = setInterval(() => {
    if (app.stats().assets.ready < N) return
    clearInterval(poll)
    resolve()
  }, 5)
})
const oursSeconds = (performance.now() - t0) / 1000
await app.runner.idle(10)
const allStagesSeconds = (performance.now() - t0) / 1000
const stats = app.stats()
const inputs = { ...app.modelInputs.stats }
await app.close()
if (stats.assets.ready !== N) throw new Error(`expected ${N} ready assets, got ${JSON.stringify(stats.assets)}`)

const raw = N / rawSeconds
const ours = N / oursSeconds
console.log(`bare sharp loop (decode + 2 thumbnails, ${lanes} at a time): ${raw.toFixed(2)} files/s (${rawSeconds.toFixed(2)} s)`)
console.log(`PhotoHouse import (hash + EXIF + 2 thumbnails + pHash + catalog + queue): ${ours.toFixed(2)} files/s (${oursSeconds.toFixed(2)} s), with the AI stages running beside it`)
console.log(`  every stage done (tags, OCR, faces as installed): ${allStagesSeconds.toFixed(2)} s`)
console.log(`  before the import: app start with the inference process warmed up (classifier loaded on every lane): ${warmSeconds.toFixed(2)} s`)
for (const t of stats.byType) console.log(`  ${t.type}: p50 ${t.p50Ms} ms, p95 ${t.p95Ms} ms`)
// How often an AI stage found the input the thumbnail stage prepared (else it decoded the thumbnail).
console.log(`  prepared model inputs: ${inputs.hits} used, ${inputs.misses} missed, ${inputs.refused} refused (store full), ${inputs.expired} expired`)
console.log(`ratio (PhotoHouse / bare sharp): ${(ours / raw).toFixed(2)}  (target >= 0.8)`)
if (!values.keep) rmSync(work, { recursive: true, force: true })
