import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { copyInto, tempDir } from '../testing/fixtures'
import { VIDEO_DATA } from '../testing/test-data'
import { createDispatcher } from './dispatcher'
import { createContractHandlers } from './handlers'
import { startHttpServer } from './http'
import { parseRange, sliceResponse } from './range'

describe('byte ranges', () => {
  it('parses single ranges, suffixes and open ends; refuses what lies past the end', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' })
    expect(parseRange('bytes=0-', 100)).toEqual({ kind: 'partial', start: 0, end: 99 })
    expect(parseRange('bytes=10-19', 100)).toEqual({ kind: 'partial', start: 10, end: 19 })
    expect(parseRange('bytes=90-200', 100)).toEqual({ kind: 'partial', start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 })
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=20-10', 100)).toEqual({ kind: 'unsatisfiable' })
    // Several ranges or another unit: the whole file, which the RFC allows.
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'whole' })
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'whole' })
  })
})

describe('serving a byte slice', () => {
  const slice = { offset: 1000, length: 500, contentType: 'video/mp4' }
  it('whole, a range, an open range, a suffix, and an unsatisfiable one', () => {
    expect(sliceResponse(slice, undefined)).toMatchObject({ status: 200, start: 1000, end: 1499, headers: { 'content-length': '500' } })
    expect(sliceResponse(slice, 'bytes=0-99')).toMatchObject({ status: 206, start: 1000, end: 1099, headers: { 'content-range': 'bytes 0-99/500' } })
    expect(sliceResponse(slice, 'bytes=400-')).toMatchObject({ status: 206, start: 1400, end: 1499, headers: { 'content-length': '100' } })
    expect(sliceResponse(slice, 'bytes=-50')).toMatchObject({ status: 206, start: 1450, end: 1499 })
    expect(sliceResponse(slice, 'bytes=450-9999')).toMatchObject({ status: 206, start: 1450, end: 1499 })
    expect(sliceResponse(slice, 'bytes=500-')).toMatchObject({ status: 416, headers: { 'content-range': 'bytes */500' } })
    expect(sliceResponse(slice, 'bytes=0-1,5-9')).toMatchObject({ status: 200 })
  })
})

describe('video over the loopback media route', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const file = join(photos, 'clip.mov')
  let app: PhotoHouseApp
  let server: Awaited<ReturnType<typeof startHttpServer>>
  let base: string
  let assetId: number

  beforeAll(async () => {
    copyInto(join(VIDEO_DATA, 'location.mov'), file)
    app = createApp({ libraryDir: join(dir.path, 'library'), log: () => {} })
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    assetId = app.repositories.assets.exportAll()[0]!.id
    server = await startHttpServer({ app, dispatch: createDispatcher(createContractHandlers(app, { mode: 'browser' })), rendererDir: join(dir.path, 'renderer') })
    base = `http://127.0.0.1:${server.port}`
  }, 60_000)
  afterAll(async () => {
    await server.close()
    await app.close()
    dir.cleanup()
  })

  const get = (range?: string) => fetch(`${base}/media/original/${assetId}`, { headers: { 'x-photohouse-token': server.token, ...(range ? { range } : {}) } })

  it('serves the whole file with its video type, saying ranges are accepted', async () => {
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('video/quicktime')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(file))).toBe(true)
  })

  it('answers a range with 206 and exactly those bytes', async () => {
    const bytes = readFileSync(file)
    const res = await get('bytes=100-1099')
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 100-1099/${bytes.length}`)
    expect(res.headers.get('content-length')).toBe('1000')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true)
    const tail = await get('bytes=-16')
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 16))).toBe(true)
  })

  it('refuses a range past the end with 416', async () => {
    const res = await get(`bytes=${readFileSync(file).length}-`)
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe(`bytes */${readFileSync(file).length}`)
  })

  it('serves nothing of a video outside the library', async () => {
    expect((await fetch(`${base}/media/original/${assetId + 1000}`, { headers: { 'x-photohouse-token': server.token, range: 'bytes=0-' } })).status).toBe(404)
  })
})
