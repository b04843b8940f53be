import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { PlaceReply, PlaceRequest } from './places.worker'

export type PlaceLookupResult = Omit<PlaceReply, 'id' | 'error'>

/**
 * The worker's entry: the TypeScript source next to this file when running from source (loaded
 * through tsx), or the bundled `places-worker.js` next to the built main.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const source = new URL('./places.worker.ts', import.meta.url)
  if (existsSync(fileURLToPath(source))) return { url: source, execArgv: [...process.execArgv, '--import', 'tsx'] }
  return { url: new URL('./places-worker.js', import.meta.url), execArgv: process.execArgv }
}

/** Reverse geocoding in a worker thread, started on first use and restarted if it dies. */
export function createPlacesLookup() {
  let worker: Worker | undefined
  let nextId = 1
  const pending = new Map<number, { resolve(r: PlaceLookupResult): void; reject(e: Error): void }>()

  function start(): Worker {
    const entry = workerEntry()
    const w = new Worker(entry.url, { execArgv: entry.execArgv })
    w.on('message', (reply: PlaceReply) => {
      const p = pending.get(reply.id)
      pending.delete(reply.id)
      if (!p) return
      if (reply.error) p.reject(new Error(`Reverse geocoding failed: ${reply.error}`))
      else p.resolve({ place: reply.place, offset: reply.offset })
    })
    const fail = (error: Error) => {
      worker = undefined
      for (const p of pending.values()) p.reject(error)
      pending.clear()
    }
    w.on('error', fail)
    w.on('exit', (code) => code !== 0 && fail(new Error(`The places worker exited with code ${code}`)))
    w.unref()
    return w
  }

  return {
    lookup(lat: number, lon: number, wallClock: string | null): Promise<PlaceLookupResult> {
      worker ??= start()
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker!.postMessage({ id, lat, lon, wallClock } satisfies PlaceRequest)
      })
    },
    async close(): Promise<void> {
      const w = worker
      worker = undefined
      await w?.terminate()
    },
  }
}

export type PlacesLookup = ReturnType<typeof createPlacesLookup>
