// Quitting while an inference call is stuck: the task runner's abort reaches the request, the
// runner stops, and close() ends the inference process, so the app closes instead of hanging.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, openCatalog } from './app'
import { createTasksRepository } from './catalog'
import { copyInto, REAL_PHOTOS, tempDir, waitFor } from './testing/fixtures'

const stopped: number[] = []
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const pid of stopped.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('closing the app', () => {
  it.each(['asset.ocr', 'asset.faces'] as const)('does not wait for an inference call the worker never answers (%s)', async (stage) => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const photos = join(dir.path, 'photos')
    copyInto(REAL_PHOTOS.chelsea, join(photos, 'cat.png'))
    const libraryDir = join(dir.path, 'library')
    const app = createApp({ libraryDir, concurrency: 1, log: () => {}, inference: { closeGraceMs: 500 } })
    let closed = false
    cleanups.push(() => closed || app.close())
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    const [asset] = app.repositories.assets.exportAll()
    expect(asset?.error).toBeNull()

    // The worker stops answering; a task of the stage then waits on it.
    await app.warmUp()
    const pid = app.host.workerPid!
    process.kill(pid, 'SIGSTOP')
    stopped.push(pid)
    const sent = new Promise((resolve) => app.host.events.once('sent', resolve))
    expect(app.pipeline.stageNeeded(stage, [asset!.id])).toBe(1)
    await sent
    await waitFor(() => app.stats().totals.running === 1)

    await app.close()
    closed = true
    // Interrupted, not counted against the task: it runs again on the next start.
    const db = openCatalog(libraryDir)
    const live = createTasksRepository(db).list(['pending', 'running', 'failed', 'dead'], 10)
    db.close()
    expect(live).toMatchObject([{ type: stage, state: 'failed', errorCode: 'interrupted' }])
  }, 120_000)
})
