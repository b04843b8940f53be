// Test support for lanes.test.ts: node:worker_threads with a Worker that (1) loads its entry through
// tsx and (2) records what each thread was sent.
//
// (1) lanes.ts starts lane.worker.ts from source with `--import tsx`; added here again, harmlessly,
// so this wrapper works whatever the entry's own flags are.
// (2) lets tests see which lane a run went to and that close() ended the threads, without a hook
// in production code.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type * as WorkerThreads from 'node:worker_threads'

export interface StartedThread {
  worker: WorkerThreads.Worker
  /** Kinds of the messages posted to the thread, in order ('configure', 'describe', 'run'). */
  sent: string[]
  exited: boolean
}

/** Every lane thread started in this test file, oldest first. */
export const startedThreads: StartedThread[] = []

/** failNextStart: the next thread is started from an entry that does not exist (a broken build). */
export const laneThreadOptions = { failNextStart: false }

export function workerThreadsWithTsx(actual: typeof WorkerThreads): typeof WorkerThreads {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  class Worker extends actual.Worker {
    private readonly record: StartedThread
    constructor(filename: string | URL, options?: WorkerThreads.WorkerOptions) {
      const broken = laneThreadOptions.failNextStart
      laneThreadOptions.failNextStart = false
      super(broken ? new URL('./no-such-lane-entry.mjs', import.meta.url) : filename, {
        ...options,
        execArgv: [...(options?.execArgv ?? process.execArgv), '--import', tsx],
      })
      this.record = { worker: this, sent: [], exited: false }
      startedThreads.push(this.record)
      this.on('exit', () => {
        this.record.exited = true
      })
    }
    override postMessage(value: unknown, transferList?: readonly WorkerThreads.Transferable[]): void {
      const kind = (value as { kind?: unknown } | null)?.kind
      this.record.sent.push(typeof kind === 'string' ? kind : '?')
      super.postMessage(value, transferList)
    }
  }
  return { ...actual, Worker }
}
