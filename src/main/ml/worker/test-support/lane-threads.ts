// Test support for lanes.test.ts: node:worker_threads with a Worker that (1) loads its entry through
// tsx and (2) records what each thread was sent.
//
// (1) lanes.ts starts lane.worker.ts from source with no execArgv of its own: it counts on the
// inference process running under tsx (host.ts forks it with `--import tsx`), whose flags worker
// threads inherit. Vitest's test process has no such flag, and Node's own type stripping cannot
// resolve the extensionless imports, so the thread gets the same flag here, as it would in the app.
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

export function workerThreadsWithTsx(actual: typeof WorkerThreads): typeof WorkerThreads {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  class Worker extends actual.Worker {
    private readonly record: StartedThread
    constructor(filename: string | URL, options?: WorkerThreads.WorkerOptions) {
      super(filename, { ...options, execArgv: [...(options?.execArgv ?? process.execArgv), '--import', tsx] })
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
