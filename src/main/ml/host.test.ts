// The inference host with its real worker process: provider fallback, crash recovery, batching,
// and refusing a corrupt model.
import { readdirSync, readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createInferenceHost, forkWorkerProcess, HostClosedError, InferenceTimeoutError, WorkerCrashedError, type InferenceHost, type InferenceHostOptions } from './host'
import { createModelManager, ModelChecksumError } from './models'
import { REAL_PHOTOS, sharedModelsDir } from './testing/models-dir'

let work: string
const hosts: InferenceHost[] = []
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-host-'))
})
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close()
  await rm(work, { recursive: true, force: true })
})

function hostWith(options: Partial<InferenceHostOptions> = {}) {
  const models = createModelManager({ userModelsDir: path.join(work, 'models'), env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir() } })
  const host = createInferenceHost({ models, ...options })
  hosts.push(host)
  return host
}

const top = async (host: InferenceHost, photo: string) => (await host.classify(photo)).tags.map((t) => t.label)

describe('inference host', () => {
  it('falls back from CUDA to the CPU on a machine without a GPU and says so', async () => {
    const host = hostWith({ providers: ['cuda'] })
    const result = await host.classify(REAL_PHOTOS.cat)
    expect(result.provider).toBe('cpu')
    const info = await host.sessionInfo('mobilenetv2-12-int8', 'mobilenetv2-12-int8.onnx')
    expect(info.provider).toBe('cpu')
    expect(info.attempts[0]?.provider).toBe('cuda')
    expect(info.attempts[0]?.error).toBeTruthy()
    expect(info.attempts.at(-1)).toEqual({ provider: 'cpu' })
    expect(info.inputNames).toEqual(['input'])
  })

  it('skips providers this onnxruntime build lacks (DirectML, CoreML on Linux)', async () => {
    const host = hostWith({ providers: ['dml', 'coreml', 'cpu'] })
    const info = await host.sessionInfo('mobilenetv2-12-int8', 'mobilenetv2-12-int8.onnx')
    expect(info.attempts).toEqual([
      { provider: 'dml', error: 'not available in this onnxruntime build' },
      { provider: 'coreml', error: 'not available in this onnxruntime build' },
      { provider: 'cpu' },
    ])
  })

  it('restarts a worker killed mid-request and re-sends what it held, losing nothing', async () => {
    let spawns = 0
    // Batches of 3: the lost batches are re-sent one image per request (see splitAfterCrash).
    const host = hostWith({ batchSize: 3, maxInFlight: 2, spawn: () => (spawns++, forkWorkerProcess()) })
    await host.classify(REAL_PHOTOS.coffee) // worker up, session loaded
    const firstPid = host.workerPid
    expect(firstPid).toBeDefined()

    let killed = false
    const resent: string[] = []
    host.events.on('sent', (e: { method: string }) => {
      if (killed) resent.push(e.method)
      if (killed || !host.workerPid) return
      killed = true
      process.kill(host.workerPid, 'SIGKILL')
    })
    const photos = [REAL_PHOTOS.cat, REAL_PHOTOS.squirrel, REAL_PHOTOS.baboon, REAL_PHOTOS.soccer, REAL_PHOTOS.fruits]
    const tags = await Promise.all(photos.map((p) => top(host, p)))

    expect(killed).toBe(true)
    expect(host.restarts).toBe(1)
    expect(resent.filter((m) => m === 'classify').length).toBeGreaterThanOrEqual(3) // split into singles
    expect(spawns).toBe(2)
    expect(host.workerPid).not.toBe(firstPid)
    expect(tags[0]).toContain('cat')
    expect(tags[1]).toContain('squirrel')
    expect(tags[2]).toContain('monkey')
    expect(tags[3]).toContain('soccer ball')
    expect(tags[4]).toContain('fruit')
  }, 180_000) // two worker starts; slow only on a loaded machine (no timing is asserted)

  it('gives up on a request that keeps killing the worker, with a clear error', async () => {
    const host = hostWith({ maxAttempts: 3 })
    await host.classify(REAL_PHOTOS.coffee)
    host.events.on('sent', () => {
      const pid = host.workerPid
      if (pid) process.kill(pid, 'SIGKILL')
    })
    const error = await host.classify(REAL_PHOTOS.cat).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as Error).message).toMatch(/died 3 times/)
    expect(host.restarts).toBe(3)
  }, 180_000) // four worker starts

  it('batches classify calls of the same tick into one session.run per batch', async () => {
    const host = hostWith({ batchSize: 4, maxInFlight: 2 })
    await host.classify(REAL_PHOTOS.coffee)
    const sent: string[] = []
    host.events.on('sent', (e: { method: string }) => sent.push(e.method))
    const photos = [REAL_PHOTOS.cat, REAL_PHOTOS.squirrel, REAL_PHOTOS.butterfly, REAL_PHOTOS.soccer, REAL_PHOTOS.fruits, REAL_PHOTOS.baboon]
    const tags = await Promise.all(photos.map((p) => top(host, p)))
    expect(sent).toEqual(['classify', 'classify']) // 4 + 2 images
    expect(tags[5]).toContain('baboon')
  })

  it('refuses to run a model that fails its checksum', async () => {
    const userModels = path.join(work, 'user-models')
    const dir = path.join(userModels, 'mobilenetv2-12-int8')
    await mkdir(dir, { recursive: true })
    const shared = path.join(sharedModelsDir(), 'mobilenetv2-12-int8')
    await copyFile(path.join(shared, 'imagenet-simple-labels.json'), path.join(dir, 'imagenet-simple-labels.json'))
    const bytes = await readFile(path.join(shared, 'mobilenetv2-12-int8.onnx'))
    bytes[2_000_000] = bytes[2_000_000]! ^ 0x10
    await writeFile(path.join(dir, 'mobilenetv2-12-int8.onnx'), bytes)

    let spawns = 0
    const models = createModelManager({ userModelsDir: userModels, env: {} })
    const host = createInferenceHost({ models, spawn: () => (spawns++, forkWorkerProcess()) })
    hosts.push(host)
    const error = await host.classify(REAL_PHOTOS.cat).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelChecksumError)
    expect((error as Error).message).toMatch(/mobilenetv2-12-int8\.onnx/)
    expect(spawns).toBe(0) // the corrupt file never reached onnxruntime
  })

  it('stops restarting a worker that cannot start, and says why', async () => {
    let spawns = 0
    const host = hostWith({ spawn: () => (spawns++, forkWorkerProcess({ workerPath: path.join(work, 'no-such-worker.js') })) })
    const error = await host.classify(REAL_PHOTOS.cat).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/failed to start 3 times/)
    expect(spawns).toBe(3)
    await expect(host.classify(REAL_PHOTOS.cat)).rejects.toThrow(/failed to start/)
  })

  it('warmUp starts the worker and loads the classifier on every lane before any photo comes', async () => {
    const host = hostWith({ lanes: 2, laneThreads: 1 })
    expect(host.workerPid).toBeUndefined()
    await host.warmUp()
    const pid = host.workerPid!
    expect(pid).toBeDefined()
    // Linux names threads: both lane threads are up (each made its session and ran a black image).
    const laneThreads = readdirSync(`/proc/${pid}/task`).filter((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim() === 'inference-lane')
    expect(laneThreads.length).toBeGreaterThanOrEqual(2)
    expect(await top(host, REAL_PHOTOS.cat)).toContain('cat')
    expect(host.workerPid).toBe(pid)
  })

  it('warmUp without the classifier installed still starts the worker, and fails nothing', async () => {
    const models = createModelManager({ userModelsDir: path.join(work, 'models'), env: {} })
    const host = createInferenceHost({ models, resourcesDir: path.join(work, 'no-resources') })
    hosts.push(host)
    await host.warmUp()
    expect(host.workerPid).toBeDefined()
  })

  describe('a worker that stops answering (SIGSTOP: stuck in a call, as far as the host can tell)', () => {
    const stopped: number[] = []
    afterEach(() => {
      // Never leave a stopped process behind, whatever the test did.
      for (const pid of stopped.splice(0)) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    })
    async function stoppedHost(options: Partial<InferenceHostOptions> = {}) {
      const host = hostWith(options)
      await host.warmUp()
      const pid = host.workerPid!
      process.kill(pid, 'SIGSTOP')
      stopped.push(pid)
      return { host, pid }
    }
    const exitedPid = (pid: number) => {
      try {
        process.kill(pid, 0)
        return false
      } catch {
        return true
      }
    }

    it('close() settles the pending request and kills the worker, which ignores SIGTERM while stopped', async () => {
      const { host, pid } = await stoppedHost({ closeGraceMs: 500 })
      const pending = host.classify(REAL_PHOTOS.cat).catch((e: unknown) => e)
      const sent = new Promise((resolve) => host.events.once('sent', resolve))
      await sent
      await host.close()
      expect(await pending).toBeInstanceOf(HostClosedError)
      expect(exitedPid(pid)).toBe(true)
    }, 60_000)

    it('a request past its timeout fails, and the stuck worker is replaced for the next one', async () => {
      // Short for OCR only: the classify after the restart loads its model again, at the default timeout.
      const { host, pid } = await stoppedHost({ timeouts: { ocr: 1000 } })
      const error = await host.ocr(REAL_PHOTOS.cat).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InferenceTimeoutError)
      expect((error as InferenceTimeoutError).code).toBe('INFERENCE_TIMEOUT')
      expect(await top(host, REAL_PHOTOS.cat)).toContain('cat')
      expect(host.workerPid).not.toBe(pid)
      expect(host.restarts).toBe(1)
    }, 120_000)

    it("the caller's AbortSignal fails its request while the worker holds it, and one not yet sent", async () => {
      const { host } = await stoppedHost({ maxInFlight: 1 })
      const held = new AbortController()
      const queued = new AbortController()
      const heldCall = host.ocr(REAL_PHOTOS.cat, { signal: held.signal }).catch((e: unknown) => e)
      const sent = new Promise((resolve) => host.events.once('sent', resolve))
      await sent
      // maxInFlight 1: this one waits in the host for the first to finish, which it never does.
      const queuedCall = host.ocr(REAL_PHOTOS.coffee, { signal: queued.signal }).catch((e: unknown) => e)
      const classified = host.classify(REAL_PHOTOS.cat, { signal: queued.signal }).catch((e: unknown) => e)
      queued.abort(new Error('task stopped'))
      expect(await queuedCall).toMatchObject({ message: 'task stopped' })
      expect(await classified).toMatchObject({ message: 'task stopped' })
      held.abort()
      expect(await heldCall).toMatchObject({ name: 'AbortError' })
      // An aborted signal fails a call at once, before anything is sent.
      await expect(host.ocr(REAL_PHOTOS.cat, { signal: held.signal })).rejects.toMatchObject({ name: 'AbortError' })
    }, 60_000)
  })

  it('rejects calls after close', async () => {
    const host = hostWith()
    await host.close()
    await expect(host.classify(REAL_PHOTOS.cat)).rejects.toThrow(/closed/)
  })
})
