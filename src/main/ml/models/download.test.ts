import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sharedModelsDir } from '../testing/models-dir'
import { ModelChecksumError, ModelDownloadError } from './errors'
import { parseManifest } from './manifest'
import { createModelManager, type ModelDownloadProgress } from './model-manager'

const SHA = '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f'
const SIZE = 3655640
let model: Buffer

interface Served {
  requests: { range: string | undefined }[]
  bytesSent: number
}

/**
 * A local server for the real model file: honours Range, and drops the connection after
 * `dropAfter` bytes of the first `dropTimes` answers, as a flaky network would.
 */
async function serve(opts: { dropAfter?: number; dropTimes?: number; body?: Buffer; ignoreRange?: boolean }) {
  const body = opts.body ?? model
  const served: Served = { requests: [], bytesSent: 0 }
  let drops = opts.dropTimes ?? 0
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    served.requests.push({ range: req.headers.range })
    let start = 0
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (m && !opts.ignoreRange) {
      start = Number(m[1])
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end()
        return
      }
      res.writeHead(206, { 'Content-Length': body.length - start, 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` })
    } else {
      res.writeHead(200, { 'Content-Length': body.length })
    }
    const rest = body.subarray(start)
    if (drops > 0 && opts.dropAfter !== undefined) {
      drops--
      const part = rest.subarray(0, opts.dropAfter)
      served.bytesSent += part.length
      res.write(part, () => res.socket?.destroy())
      return
    }
    served.bytesSent += rest.length
    res.end(rest)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mobilenetv2-12-int8.onnx`
  return { server, served, url }
}

function managerFor(url: string, userModelsDir: string) {
  const manifest = parseManifest({
    models: [
      {
        id: 'mobilenet-download-test',
        task: 'classify',
        version: '1',
        license: 'Apache-2.0',
        files: [{ name: 'mobilenetv2-12-int8.onnx', size: SIZE, sha256: SHA, url }],
      },
    ],
  })
  return createModelManager({ userModelsDir, env: {}, manifest })
}

let work: string
const servers: Server[] = []
beforeAll(async () => {
  model = await readFile(path.join(sharedModelsDir(), 'mobilenetv2-12-int8', 'mobilenetv2-12-int8.onnx'))
})
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-download-'))
})
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve))
  await rm(work, { recursive: true, force: true })
})

describe('model download', () => {
  it('resumes with a Range request after the connection drops midway, then verifies the sha256', async () => {
    const { server, served, url } = await serve({ dropAfter: 1_000_000, dropTimes: 2 })
    servers.push(server)
    const progress: ModelDownloadProgress[] = []
    const models = managerFor(url, work)
    const r = await models.download('mobilenet-download-test', { onProgress: (p) => progress.push(p), retries: 3, retryDelayMs: 10 })

    const file = r.files['mobilenetv2-12-int8.onnx'] ?? ''
    expect((await stat(file)).size).toBe(SIZE)
    expect((await models.verify('mobilenet-download-test')).ok).toBe(true)
    // First request from 0, then each one resumes where the previous answer broke off. (Bytes in
    // flight when the server cut the socket may be lost, so the exact offsets can fall a little short.)
    const starts = served.requests.map((q) => Number(/^bytes=(\d+)-$/.exec(q.range ?? 'bytes=0-')?.[1]))
    expect(starts.length).toBe(3)
    expect(starts[0]).toBe(0)
    expect(starts[1]).toBeGreaterThan(900_000)
    expect(starts[1]).toBeLessThanOrEqual(1_000_000)
    expect(starts[2]).toBeGreaterThan(starts[1]! + 900_000)
    // Resuming, not restarting: a restart would have re-sent at least a million bytes.
    expect(served.bytesSent).toBeLessThan(SIZE + 200_000)
    expect(progress.at(-1)).toMatchObject({ receivedBytes: SIZE, totalBytes: SIZE })
    expect(existsSync(`${file}.part`)).toBe(false)
  })

  it('keeps the .part of an interrupted download and resumes it on the next call', async () => {
    const { server, served, url } = await serve({ dropAfter: 1_500_000, dropTimes: 1 })
    servers.push(server)
    const models = managerFor(url, work)
    const error = await models.download('mobilenet-download-test', { retries: 0 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelDownloadError)
    expect((error as ModelDownloadError).retryable).toBe(true)
    const part = path.join(work, 'mobilenet-download-test', 'mobilenetv2-12-int8.onnx.part')
    const kept = (await stat(part)).size
    expect(kept).toBeGreaterThan(1_000_000)
    expect(kept).toBeLessThanOrEqual(1_500_000)

    await models.download('mobilenet-download-test', { retries: 0 })
    expect(served.requests.at(-1)?.range).toBe(`bytes=${kept}-`)
    expect((await models.requireVerified('mobilenet-download-test')).location).toBe('user')
  })

  it('starts over when the server ignores Range', async () => {
    const { server, served, url } = await serve({ dropAfter: 500_000, dropTimes: 1, ignoreRange: true })
    servers.push(server)
    const models = managerFor(url, work)
    await models.download('mobilenet-download-test', { retries: 2, retryDelayMs: 10 })
    expect(served.requests.length).toBe(2)
    expect((await models.verify('mobilenet-download-test')).ok).toBe(true)
  })

  it('rejects a download whose content does not match the checksum and keeps nothing', async () => {
    const tampered = Buffer.from(model)
    tampered[123_456] = tampered[123_456]! ^ 0x01
    const { server, url } = await serve({ body: tampered })
    servers.push(server)
    const models = managerFor(url, work)
    const error = await models.download('mobilenet-download-test').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelChecksumError)
    expect((error as Error).message).toMatch(/failed its checksum/)
    const target = path.join(work, 'mobilenet-download-test', 'mobilenetv2-12-int8.onnx')
    expect(existsSync(target)).toBe(false)
    expect(existsSync(`${target}.part`)).toBe(false)
  })

  it('fails clearly on HTTP 404 without retrying', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    let hits = 0
    server.on('request', () => hits++)
    const models = managerFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x.onnx`, work)
    const error = await models.download('mobilenet-download-test').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelDownloadError)
    expect((error as ModelDownloadError).retryable).toBe(false)
    expect((error as Error).message).toMatch(/HTTP 404/)
    expect(hits).toBe(1)
  })

  it('stops on abort and leaves the partial file for a later resume', async () => {
    const { server, url } = await serve({})
    servers.push(server)
    const models = managerFor(url, work)
    const controller = new AbortController()
    const done = models.download('mobilenet-download-test', {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.receivedBytes > 0 && p.receivedBytes < SIZE) controller.abort()
      },
    })
    await expect(done).rejects.toThrow(/abort/i)
    const part = path.join(work, 'mobilenet-download-test', 'mobilenetv2-12-int8.onnx.part')
    const partial = (await stat(part)).size
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(SIZE)
    await models.download('mobilenet-download-test')
    expect((await models.verify('mobilenet-download-test')).ok).toBe(true)
  })
})
