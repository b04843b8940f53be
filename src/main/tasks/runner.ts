import { EventEmitter } from 'node:events'
import type { ClaimedTask, TasksRepository } from '../catalog'
import { classifyError } from './errors'
import { TASK_PAYLOADS, TASK_TYPES, isTaskType, type TaskPayload, type TaskType } from './task-types'

export interface TaskContext {
  taskId: number
  attempt: number
  signal: AbortSignal
  /** 0..1 */
  progress(fraction: number): void
}

export type TaskHandler<T extends TaskType> = (payload: TaskPayload<T>, ctx: TaskContext) => Promise<void>
export type TaskHandlers = { [T in TaskType]: TaskHandler<T> }

/** Extra workers that only take some task types. */
export interface TaskLane {
  types: readonly TaskType[]
  concurrency: number
}

export interface TaskRunnerOptions {
  concurrency: number
  /**
   * Workers beyond `concurrency` for task types that mostly wait on another process (inference):
   * they would hold every general worker while waiting, and the inference host batches only what
   * is asked of it at once.
   */
  lanes?: readonly TaskLane[]
  /** First retry delay; doubles per attempt, with jitter. */
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** Poll interval as a safety net; enqueue() wakes workers directly. */
  idlePollMs?: number
  random?: () => number
}

export interface TaskRunnerEvents {
  /** Something changed in the queue (claimed, finished, enqueued). */
  changed: []
  finished: [task: ClaimedTask, outcome: 'done' | 'failed' | 'dead', error?: string]
}

/**
 * N workers over the durable queue. Claims are atomic in SQLite; handlers must be idempotent,
 * because a task interrupted by a crash runs again on the next start.
 */
export class TaskRunner extends EventEmitter<TaskRunnerEvents> {
  private running = false
  private readonly active = new Map<number, AbortController>()
  /** Workers waiting for work, each woken by wake() or by its own timer. */
  private readonly sleepers = new Set<() => void>()
  private workers: Promise<void>[] = []
  private readonly opts: Required<Omit<TaskRunnerOptions, 'lanes'>> & { lanes: readonly TaskLane[] }

  constructor(
    private readonly repo: TasksRepository,
    private readonly handlers: TaskHandlers,
    options: TaskRunnerOptions,
  ) {
    super()
    // Startup fails if a task type has no handler: a queued task must never wait for code that isn't there.
    const missing = TASK_TYPES.filter((t) => typeof (handlers as Record<string, unknown>)[t] !== 'function')
    if (missing.length > 0) throw new Error(`No handler registered for task type(s): ${missing.join(', ')}`)
    // `??` per option: an option passed as undefined means "default", not "undefined".
    this.opts = {
      concurrency: options.concurrency,
      lanes: options.lanes ?? [],
      backoffBaseMs: options.backoffBaseMs ?? 1000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
      idlePollMs: options.idlePollMs ?? 2000,
      random: options.random ?? Math.random,
    }
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.repo.resumeInterrupted()
    this.workers = [
      ...Array.from({ length: this.opts.concurrency }, () => this.workLoop()),
      ...this.opts.lanes.flatMap((lane) => Array.from({ length: lane.concurrency }, () => this.workLoop(lane.types))),
    ]
  }

  /** Stops claiming, aborts running handlers and waits for the workers to exit. */
  async stop(): Promise<void> {
    this.running = false
    for (const controller of this.active.values()) controller.abort()
    this.wake()
    await Promise.all(this.workers)
    this.workers = []
  }

  /** Call after enqueueing so idle workers pick the work up at once. */
  wake(): void {
    const woken = [...this.sleepers]
    this.sleepers.clear()
    for (const w of woken) w()
    this.emit('changed')
  }

  /** Resolves when nothing is pending, running or waiting for a retry. */
  async idle(pollMs = 100): Promise<void> {
    while (this.repo.liveCount() > 0) await new Promise((r) => setTimeout(r, pollMs))
  }

  backoffDelay(attempt: number): number {
    const exp = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** Math.max(0, attempt - 1))
    // "Full jitter" between half and all of the delay: retries of a burst of failures spread out.
    return Math.round(exp / 2 + this.opts.random() * (exp / 2))
  }

  private async workLoop(types?: readonly TaskType[]): Promise<void> {
    while (this.running) {
      const task = this.repo.claim(Date.now(), types)
      if (!task) {
        await this.sleepUntilWork(types)
        continue
      }
      this.emit('changed')
      await this.execute(task)
    }
  }

  /**
   * Until wake() or the next task this worker can take is due. Only tasks of the worker's own types
   * count: a lane worker that polled for the due tasks of other types would spin every few ms for
   * as long as an import keeps them waiting.
   */
  private sleepUntilWork(types?: readonly TaskType[]): Promise<void> {
    const next = this.repo.nextRunAt(types)
    const delay = next === null ? this.opts.idlePollMs : Math.max(5, Math.min(this.opts.idlePollMs, next - Date.now()))
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, delay)
      this.sleepers.add(done)
    })
  }

  private async execute(task: ClaimedTask): Promise<void> {
    const controller = new AbortController()
    this.active.set(task.id, controller)
    try {
      if (!isTaskType(task.type)) throw Object.assign(new Error(`Unknown task type ${task.type}`), { name: 'ZodError' })
      const payload = TASK_PAYLOADS[task.type].parse(JSON.parse(task.payload))
      const handler = this.handlers[task.type] as TaskHandler<TaskType>
      let lastProgressWrite = 0
      await handler(payload, {
        taskId: task.id,
        attempt: task.attempts,
        signal: controller.signal,
        progress: (fraction) => {
          const now = Date.now()
          if (now - lastProgressWrite < 250 && fraction < 1) return
          lastProgressWrite = now
          this.repo.setProgress(task.id, Math.max(0, Math.min(1, fraction)))
        },
      })
      this.repo.complete(task.id)
      this.emit('finished', task, 'done')
    } catch (error) {
      const c = classifyError(error)
      // A stop() aborts handlers; the task is not at fault and goes back to the queue as is.
      const interrupted = controller.signal.aborted && !this.running
      const dead = !interrupted && (!c.transient || task.attempts >= task.maxAttempts)
      const state = dead ? 'dead' : 'failed'
      this.repo.fail(task.id, {
        state,
        code: interrupted ? 'interrupted' : c.code,
        message: c.message,
        runAt: Date.now() + (interrupted ? 0 : this.backoffDelay(task.attempts)),
      })
      this.emit('finished', task, state, c.message)
    } finally {
      this.active.delete(task.id)
      this.emit('changed')
    }
  }
}
