import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTasksRepository, loadMigrations, migrate, openDatabase, type TasksRepository } from '../catalog'
import { appRoot } from '../platform/app-root'
import { PermanentTaskError } from './errors'
import { TaskRunner, type TaskHandlers } from './runner'
import { TASK_TYPES } from './task-types'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, migrations)
  return { db, repo: createTasksRepository(db) }
}

const noop = async () => {}
function handlers(overrides: Partial<TaskHandlers>): TaskHandlers {
  const all = Object.fromEntries(TASK_TYPES.map((t) => [t, noop])) as unknown as TaskHandlers
  return { ...all, ...overrides } as TaskHandlers
}

const runners: TaskRunner[] = []
function makeRunner(repo: TasksRepository, h: TaskHandlers, concurrency = 2) {
  const r = new TaskRunner(repo, h, { concurrency, backoffBaseMs: 5, backoffMaxMs: 20, idlePollMs: 20 })
  runners.push(r)
  return r
}
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()))
})

const ingest = (path: string, extra: object = {}) => ({ type: 'asset.ingest', payload: { path, rootId: 1 }, dedupeKey: `ingest:${path}`, ...extra })

describe('TaskRunner', () => {
  it('refuses to start when a task type has no handler', () => {
    const { repo } = setup()
    const partial = { 'library.scan': noop, 'asset.ingest': noop } as unknown as TaskHandlers
    expect(() => new TaskRunner(repo, partial, { concurrency: 1 })).toThrow(/asset\.thumbnails/)
    expect(() => new TaskRunner(repo, handlers({}), { concurrency: 1 })).not.toThrow()
  })

  it('a lane worker sleeps while only tasks of other types wait (no polling every few ms)', async () => {
    const { repo } = setup()
    // Counts how often the workers look for work.
    let claims = 0
    const counting: TasksRepository = { ...repo, claim: (now, types) => (claims++, repo.claim(now, types)) }
    let releaseIngest!: () => void
    const ingestHeld = new Promise<void>((resolve) => (releaseIngest = resolve))
    const r = new TaskRunner(counting, handlers({ 'asset.ingest': () => ingestHeld }), {
      concurrency: 1,
      lanes: [{ types: ['asset.tags'], concurrency: 4 }],
      idlePollMs: 1000,
    })
    runners.push(r)
    // The general worker holds the first ingest; the second waits, due now, for a general worker.
    repo.enqueue([ingest('/a.jpg'), ingest('/b.jpg')])
    r.start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Each of the 5 workers claims once at start; a lane worker that took the waiting ingest's due
    // time as its own would have claimed every 5 ms: ~240 times here.
    expect(claims).toBeLessThanOrEqual(10)
    releaseIngest()
    await r.idle(10)
  })

  it('wake() wakes every sleeping worker at once, not one', async () => {
    const { repo } = setup()
    // Each handler waits until all three have started: only three workers awake at once finish.
    let started = 0
    let allStarted!: () => void
    const barrier = new Promise<void>((resolve) => (allStarted = resolve))
    const r = new TaskRunner(
      repo,
      handlers({
        'asset.ingest': async () => {
          if (++started === 3) allStarted()
          await barrier
        },
      }),
      // Idle workers would sleep a minute on their own: only wake() can start them in time.
      { concurrency: 3, idlePollMs: 60_000 },
    )
    runners.push(r)
    r.start()
    await new Promise((resolve) => setTimeout(resolve, 50)) // all three asleep
    repo.enqueue([ingest('/a.jpg'), ingest('/b.jpg'), ingest('/c.jpg')])
    r.wake()
    await barrier
    await r.idle(5)
    expect(repo.stats().totals).toMatchObject({ done: 3 })
  }, 10_000)

  it('a lane runs its task types beside busy general workers, and takes nothing else', async () => {
    const { repo } = setup()
    let releaseIngest!: () => void
    const ingestHeld = new Promise<void>((resolve) => (releaseIngest = resolve))
    let tagsRunning = 0
    let maxTagsRunning = 0
    const tagged: number[] = []
    let allTagsStarted!: () => void
    const tagsStarted = new Promise<void>((resolve) => (allTagsStarted = resolve))
    let releaseTags!: () => void
    const tagsHeld = new Promise<void>((resolve) => (releaseTags = resolve))
    const r = new TaskRunner(
      repo,
      handlers({
        // The one general worker is held by an ingest until the tags have all started.
        'asset.ingest': () => ingestHeld,
        'asset.tags': async ({ assetId }) => {
          tagsRunning++
          maxTagsRunning = Math.max(maxTagsRunning, tagsRunning)
          if (tagsRunning === 3) allTagsStarted()
          await tagsHeld
          tagged.push(assetId)
          tagsRunning--
        },
      }),
      { concurrency: 1, lanes: [{ types: ['asset.tags'], concurrency: 3 }], idlePollMs: 20 },
    )
    runners.push(r)
    repo.enqueue([ingest('/a.jpg', { priority: 100 }), ...[1, 2, 3].map((assetId) => ({ type: 'asset.tags', payload: { assetId }, dedupeKey: `tags:${assetId}` }))])
    r.start()
    await tagsStarted
    expect(maxTagsRunning).toBe(3)
    // The lane never took the ingest: it is still the general worker's, held.
    expect(repo.stats().byType.find((t) => t.type === 'asset.ingest')?.counts.running).toBe(1)
    releaseTags()
    releaseIngest()
    await r.idle(10)
    expect(tagged.sort()).toEqual([1, 2, 3])
  })

  it('runs every task exactly once across workers, with parsed payloads', async () => {
    const { repo } = setup()
    const seen: string[] = []
    let concurrent = 0
    let maxConcurrent = 0
    const r = makeRunner(
      repo,
      handlers({
        'asset.ingest': async ({ path }) => {
          concurrent++
          maxConcurrent = Math.max(maxConcurrent, concurrent)
          await new Promise((res) => setTimeout(res, 2))
          seen.push(path)
          concurrent--
        },
      }),
      4,
    )
    repo.enqueue(Array.from({ length: 200 }, (_, i) => ingest(`/p/${i}.jpg`)))
    r.start()
    await r.idle(10)
    expect(seen).toHaveLength(200)
    expect(new Set(seen).size).toBe(200)
    expect(maxConcurrent).toBeGreaterThan(1)
    expect(maxConcurrent).toBeLessThanOrEqual(4)
    expect(repo.stats().totals.done).toBe(200)
  })

  it('does not queue the same live work twice', () => {
    const { repo } = setup()
    expect(repo.enqueue([ingest('/a.jpg'), ingest('/a.jpg')])).toBe(1)
    expect(repo.enqueue([ingest('/a.jpg')])).toBe(0)
  })

  it('retries transient errors with growing, jittered backoff, then succeeds', async () => {
    const { repo } = setup()
    let calls = 0
    const r = makeRunner(
      repo,
      handlers({
        'asset.ingest': async () => {
          calls++
          if (calls < 3) throw Object.assign(new Error('resource busy'), { code: 'EBUSY' })
        },
      }),
    )
    repo.enqueue([ingest('/a.jpg')])
    r.start()
    await r.idle(5)
    expect(calls).toBe(3)
    const [task] = repo.list(['done'], 10)
    expect(task?.attempts).toBe(3)
    // delays double per attempt (capped) and stay within [half, full]
    const d1 = r.backoffDelay(1)
    const d3 = r.backoffDelay(3)
    expect(d1).toBeGreaterThanOrEqual(2.5)
    expect(d1).toBeLessThanOrEqual(5)
    expect(d3).toBeGreaterThanOrEqual(10)
    expect(d3).toBeLessThanOrEqual(20)
  })

  it('uses the default backoff when an option is passed as undefined', () => {
    const { repo } = setup()
    const r = new TaskRunner(repo, handlers({}), { concurrency: 1, backoffBaseMs: undefined, random: () => 1 })
    expect(r.backoffDelay(1)).toBe(1000)
  })

  it('sends permanent errors straight to the dead-letter state', async () => {
    const { repo } = setup()
    let calls = 0
    const r = makeRunner(
      repo,
      handlers({
        'asset.ingest': async () => {
          calls++
          throw new PermanentTaskError('bad', 'will never work')
        },
      }),
    )
    repo.enqueue([ingest('/a.jpg')])
    r.start()
    await r.idle(5)
    expect(calls).toBe(1)
    const [dead] = repo.list(['dead'], 10)
    expect(dead).toMatchObject({ errorCode: 'bad', errorMessage: 'will never work', attempts: 1 })
  })

  it('dead-letters after max attempts; requeue one or all brings tasks back', async () => {
    const { repo } = setup()
    let fail = true
    let calls = 0
    const r = makeRunner(
      repo,
      handlers({
        'asset.ingest': async () => {
          calls++
          if (fail) throw new Error('flaky')
        },
      }),
    )
    repo.enqueue([ingest('/a.jpg', { maxAttempts: 3 }), ingest('/b.jpg', { maxAttempts: 3 }), ingest('/c.jpg', { maxAttempts: 3 })])
    r.start()
    await r.idle(5)
    expect(calls).toBe(9)
    const dead = repo.list(['dead'], 10)
    expect(dead).toHaveLength(3)
    fail = false
    expect(repo.requeue(dead[0]!.id)).toBe(1)
    r.wake()
    await r.idle(5)
    expect(repo.stats().totals).toMatchObject({ done: 1, dead: 2 })
    expect(repo.requeue()).toBe(2)
    r.wake()
    await r.idle(5)
    expect(repo.stats().totals).toMatchObject({ done: 3, dead: 0 })
  })

  it('rejects a payload that does not match its schema as permanent', async () => {
    const { repo } = setup()
    const r = makeRunner(repo, handlers({}))
    repo.enqueue([{ type: 'asset.ingest', payload: { path: 42 } }])
    r.start()
    await r.idle(5)
    expect(repo.list(['dead'], 10)[0]).toMatchObject({ errorCode: 'bad-payload', attempts: 1 })
  })

  it('cancels waiting tasks', async () => {
    const { repo } = setup()
    repo.enqueue([ingest('/a.jpg'), ingest('/b.jpg')])
    const [first] = repo.list(['pending'], 10)
    expect(repo.cancel(first!.id)).toBe(1)
    expect(repo.cancel()).toBe(1)
    expect(repo.stats().totals).toMatchObject({ pending: 0, cancelled: 2 })
    // a cancelled path can be queued again
    expect(repo.enqueue([ingest('/a.jpg')])).toBe(1)
  })

  it('records progress and resumes tasks a crash left running', async () => {
    const { repo } = setup()
    repo.enqueue([ingest('/a.jpg')])
    const claimed = repo.claim()!
    expect(claimed.attempts).toBe(1)
    expect(repo.claim()).toBeUndefined() // nobody else can take it
    repo.setProgress(claimed.id, 0.5)
    expect(repo.list(['running'], 1)[0]?.progress).toBe(0.5)
    // the process "dies" here; a new runner starts on the same catalog
    const done: string[] = []
    const r = makeRunner(repo, handlers({ 'asset.ingest': async ({ path }) => void done.push(path) }))
    r.start()
    await r.idle(5)
    expect(done).toEqual(['/a.jpg'])
  })

  it('dead-letters a task whose runs keep killing the process once its attempts are used up', async () => {
    const { repo } = setup()
    repo.enqueue([ingest('/crashes.jpg', { maxAttempts: 3 })])
    // Each run "kills the process": the task is claimed, never finished, and resumed on the next start.
    for (let run = 1; run <= 3; run++) {
      if (run > 1) repo.resumeInterrupted()
      expect(repo.claim()?.attempts).toBe(run)
    }
    // Another task, on its first attempt, was running too when the last crash came.
    repo.enqueue([ingest('/fine.jpg', { maxAttempts: 3 })])
    expect(repo.claim()?.attempts).toBe(1)
    const ran: string[] = []
    const r = makeRunner(repo, handlers({ 'asset.ingest': async ({ path }) => void ran.push(path) }))
    r.start()
    await r.idle(5)
    // The task that crashed its last allowed run does not run a 4th time; the other one resumes.
    expect(ran).toEqual(['/fine.jpg'])
    const [dead] = repo.list(['dead'], 10)
    expect(dead).toMatchObject({ subject: '/crashes.jpg', errorCode: 'crashed', attempts: 3, maxAttempts: 3 })
    expect(dead!.errorMessage).toMatch(/process ended/)
  })

  it('reports p50/p95 durations per type', async () => {
    const { repo } = setup()
    const r = makeRunner(repo, handlers({ 'asset.ingest': () => new Promise((res) => setTimeout(res, 3)) }))
    repo.enqueue(Array.from({ length: 20 }, (_, i) => ingest(`/p/${i}`)))
    r.start()
    await r.idle(5)
    const t = repo.stats().byType.find((s) => s.type === 'asset.ingest')!
    expect(t.counts.done).toBe(20)
    expect(t.p50Ms).toBeGreaterThanOrEqual(2)
    expect(t.p95Ms!).toBeGreaterThanOrEqual(t.p50Ms!)
  })
})
