// Export on a library of real imported photos: exact copies with sidecars, JPEGs read back with
// exifr and sharp, a .zip read back with yauzl, collisions, cancel, and the contract's refusals.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import yauzl from 'yauzl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { ExportProgress, ExportStarted, ExportSummary } from '../../shared/export'
import { HEIC_PHOTOS } from '../ingest/test-photos'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, toWireError, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import { ExportCancelledError, toJpeg } from '.'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const shaOf = (path: string) => sha(readFileSync(path))

/** Every entry of a .zip: name -> bytes. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error)
      const out = new Map<string, Buffer>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(out))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

describe('export (real photos)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const out = join(dir.path, 'out')
  const path = {
    iphone: join(photos, 'Trip', 'IMG_0001.jpg'),
    starfish: join(photos, 'Home', 'IMG_0001.jpg'),
    rotated: join(photos, 'Home', 'right.jpg'),
  }
  const sidecar = { iphone: `${path.iphone}.xmp`, starfish: join(photos, 'Home', 'IMG_0001.xmp') }
  const id = { iphone: 0, starfish: 0, rotated: 0 }
  let albumId: number
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const originals = new Map<string, string>()

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.iphone, path.iphone)
    copyInto(REAL_PHOTOS.starfish, path.starfish)
    copyInto(REAL_PHOTOS.rotated, path.rotated)
    // Sidecars of both styles (photo.jpg.xmp, photo.xmp), as XMP writers leave them.
    writeFileSync(sidecar.iphone, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- iphone --></x:xmpmeta>\n')
    writeFileSync(sidecar.starfish, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- starfish --></x:xmpmeta>\n')
    for (const p of [...Object.values(path), ...Object.values(sidecar)]) originals.set(p, shaOf(p))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    for (const key of Object.keys(path) as (keyof typeof path)[]) id[key] = app.repositories.search.assetIdByPath(path[key])!
    albumId = app.albums.create({ name: 'Summer: best of', assetIds: [id.iphone, id.starfish, id.rotated] }).album.id
  }, 180_000)
  afterAll(async () => {
    await app.close()
    // The originals were only read.
    for (const [p, hash] of originals) expect(shaOf(p), p).toBe(hash)
    dir.cleanup()
  })

  const sourceOf = (summary: ExportSummary, assetId: number) => summary.files.find((f) => f.assetId === assetId)!

  it('copies originals byte for byte with their sidecars, beside a file it never overwrites', async () => {
    const to = join(out, 'originals')
    copyInto(REAL_PHOTOS.baboon, join(to, 'IMG_0001.jpg'))
    const before = shaOf(join(to, 'IMG_0001.jpg'))
    const summary = await app.exports.run({ source: { albumId }, to, format: 'original', stripGps: false, zip: false })
    expect(summary.exported).toBe(3)
    expect(summary.skipped).toEqual([])
    expect(shaOf(join(to, 'IMG_0001.jpg'))).toBe(before)
    for (const key of Object.keys(path) as (keyof typeof path)[]) {
      const file = sourceOf(summary, id[key])
      expect(file.source).toBe(path[key])
      expect(shaOf(file.path)).toBe(originals.get(path[key]))
    }
    // Both IMG_0001.jpg take the next free names; each sidecar follows its photo's name in its own style.
    const iphone = sourceOf(summary, id.iphone)
    const starfish = sourceOf(summary, id.starfish)
    expect([iphone.path, starfish.path].sort()).toEqual([join(to, 'IMG_0001 (2).jpg'), join(to, 'IMG_0001 (3).jpg')])
    expect(iphone.sidecar).toBe(`${iphone.path}.xmp`)
    expect(starfish.sidecar).toBe(starfish.path.replace(/\.jpg$/, '.xmp'))
    expect(shaOf(iphone.sidecar!)).toBe(originals.get(sidecar.iphone))
    expect(shaOf(starfish.sidecar!)).toBe(originals.get(sidecar.starfish))
    expect(sourceOf(summary, id.rotated).path).toBe(join(to, 'right.jpg'))
    expect(readdirSync(to).length).toBe(6)
  })

  it('converts to upright JPEGs of the chosen long edge, EXIF kept and GPS stripped (or kept when asked)', async () => {
    const stripped = await app.exports.run({ source: { ids: [id.iphone, id.rotated, id.starfish] }, to: join(out, 'jpeg'), format: 'jpeg', size: 64, stripGps: true, zip: false })
    expect(stripped.exported).toBe(3)
    for (const file of stripped.files) {
      expect(file.path.endsWith('.jpg')).toBe(true)
      const meta = await sharp(file.path).metadata()
      expect(meta.format).toBe('jpeg')
      expect(Math.max(meta.width, meta.height)).toBe(64)
      expect(await exifr.gps(file.path)).toBeUndefined()
    }
    // right.jpg is stored 640x480 with orientation 8: upright it is 48x64, orientation 1.
    const rotated = await sharp(sourceOf(stripped, id.rotated).path).metadata()
    expect([rotated.width, rotated.height, rotated.orientation ?? 1]).toEqual([48, 64, 1])
    const iphone = await exifr.parse(sourceOf(stripped, id.iphone).path, { gps: true })
    expect([iphone.Make, iphone.Model, iphone.latitude]).toEqual(['Apple', 'iPhone 4S', undefined])
    expect(await exifr.gps(path.iphone)).toBeDefined()

    const kept = await app.exports.run({ source: { ids: [id.iphone] }, to: join(out, 'jpeg-gps'), format: 'jpeg', stripGps: false, zip: false })
    const gps = await exifr.gps(kept.files[0]!.path)
    expect(gps.latitude).toBeCloseTo(37.885, 3)
    // No size: the photo's own (180x135).
    expect((await sharp(kept.files[0]!.path).metadata()).width).toBe(180)

    const bare = await app.exports.run({ source: { ids: [id.iphone] }, to: join(out, 'jpeg-bare'), format: 'jpeg', stripGps: true, stripMetadata: true, zip: false })
    expect(await exifr.parse(bare.files[0]!.path)).toBeUndefined()
  })

  it('converts a HEIC as PhotoHouse shows it, and its EXIF orientation cannot turn the JPEG again', async () => {
    const jpeg = await toJpeg(HEIC_PHOTOS.fruitsOrientation6, { size: 100, stripGps: true, stripMetadata: false })
    // Its EXIF says 6, but HEIF readers show the pixels as stored (no irot box): 512x480. A JPEG
    // reader would apply a kept 6, so the copy says 1.
    const meta = await sharp(jpeg).metadata()
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 94, 1])
    expect((await exifr.parse(jpeg, { translateValues: false })).Orientation).toBe(1)
  })

  it('writes a .zip named after the album, with the exact originals and sidecars inside', async () => {
    const summary = await app.exports.run({ source: { albumId }, to: join(out, 'zips'), format: 'original', stripGps: false, zip: true })
    expect(summary.target).toBe(join(out, 'zips', 'Summer_ best of.zip'))
    const entries = await readZip(summary.target)
    expect([...entries.keys()].sort()).toEqual(['IMG_0001 (2).jpg', 'IMG_0001 (2).xmp', 'IMG_0001.jpg', 'IMG_0001.jpg.xmp', 'right.jpg'].sort())
    for (const key of Object.keys(path) as (keyof typeof path)[]) {
      expect(sha(entries.get(sourceOf(summary, id[key]).path)!)).toBe(originals.get(path[key]))
    }
    // A second export of it never writes over the first.
    const again = await app.exports.run({ source: { albumId }, to: join(out, 'zips'), format: 'jpeg', size: 32, stripGps: true, zip: true })
    expect(again.target).toBe(join(out, 'zips', 'Summer_ best of (2).zip'))
    expect([...(await readZip(again.target)).keys()].sort()).toEqual(['IMG_0001 (2).jpg', 'IMG_0001.jpg', 'right.jpg'])
  })

  it('cancelled, removes what it wrote (and the folder it made), in a folder or a .zip', async () => {
    for (const zip of [false, true]) {
      const top = join(out, `cancel-${zip}`)
      const controller = new AbortController()
      const run = app.exports.run(
        { source: { albumId }, to: join(top, 'deep'), format: 'original', stripGps: false, zip },
        { signal: controller.signal, onProgress: (done) => done === 1 && controller.abort() },
      )
      await expect(run).rejects.toBeInstanceOf(ExportCancelledError)
      expect(existsSync(top)).toBe(false)
    }
    // Into a folder that was there: only its own files go.
    const existing = join(out, 'originals')
    const before = readdirSync(existing).sort()
    const controller = new AbortController()
    await expect(
      app.exports.run({ source: { albumId }, to: existing, format: 'original', stripGps: false, zip: false }, { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() }),
    ).rejects.toBeInstanceOf(ExportCancelledError)
    expect(readdirSync(existing).sort()).toEqual(before)
  })

  it('through the contract: starts a job, reports progress and its summary; refuses what cannot be', async () => {
    const events: ExportProgress[] = []
    const ended = new Promise<ExportProgress>((resolve) => {
      const off = app.events.on('export.progress', (p) => {
        events.push(p)
        if (p.state !== 'running') {
          off()
          resolve(p)
        }
      })
    })
    const started = (await dispatch('export.start', { source: { albumId }, to: join(out, 'contract'), format: 'jpeg', size: 40, stripGps: true, zip: false })) as ExportStarted
    expect(started.total).toBe(3)
    const end = await ended
    expect(end).toMatchObject({ jobId: started.jobId, state: 'done', done: 3, total: 3 })
    expect(end.summary?.exported).toBe(3)
    expect(events[0]?.state).toBe('running')
    expect(await dispatch('export.cancel', { jobId: started.jobId })).toEqual({ cancelled: false })

    // Cancel through the contract: the job ends 'cancelled' and the folder it made is gone.
    const cancelled = new Promise<ExportProgress>((resolve) => {
      const off = app.events.on('export.progress', (p) => {
        if (p.state === 'running') return
        off()
        resolve(p)
      })
    })
    const second = (await dispatch('export.start', { source: { albumId }, to: join(out, 'contract-cancel'), format: 'original', stripGps: false, zip: true })) as ExportStarted
    expect(await dispatch('export.cancel', { jobId: second.jobId })).toEqual({ cancelled: true })
    expect(await cancelled).toMatchObject({ jobId: second.jobId, state: 'cancelled' })
    expect(existsSync(join(out, 'contract-cancel'))).toBe(false)

    const refusal = (input: unknown) => dispatch('export.start', input as never).then(() => null, (e: unknown) => toWireError(e))
    const base = { source: { albumId }, to: join(out, 'refused'), format: 'original', stripGps: false, zip: false }
    expect(await refusal({ ...base, stripGps: true })).toMatchObject({ status: 400, code: 'invalid-input', message: expect.stringMatching(/choose JPEG to strip GPS/) })
    expect(await refusal({ ...base, to: 'relative/folder' })).toMatchObject({ status: 400, code: 'invalid-folder' })
    expect(await refusal({ ...base, to: join(photos, 'Exported') })).toMatchObject({ status: 400, code: 'invalid-folder', message: expect.stringMatching(/imported again/) })
    // Also through a symbolic link into a library folder.
    symlinkSync(join(photos, 'Home'), join(out, 'link-to-home'))
    expect(await refusal({ ...base, to: join(out, 'link-to-home', 'new') })).toMatchObject({ status: 400, code: 'invalid-folder', message: expect.stringMatching(/imported again/) })
    expect(await refusal({ ...base, source: { albumId: 9999 } })).toMatchObject({ status: 404 })
    writeFileSync(join(out, 'taken.zip'), 'not ours')
    expect(await refusal({ ...base, zip: true, to: join(out, 'taken.zip') })).toMatchObject({ status: 400, code: 'invalid-folder', message: expect.stringMatching(/exists already/) })
    expect(readFileSync(join(out, 'taken.zip'), 'utf8')).toBe('not ours')
    expect(existsSync(join(out, 'refused'))).toBe(false)
  })

  it('exports an event: the photos it shows', async () => {
    const event = app.photoEvents.list()[0]!
    const summary = await app.exports.run({ source: { eventId: event.id }, to: join(out, 'event'), format: 'original', stripGps: false, zip: false })
    expect(summary.exported).toBe(event.count)
  })
})
