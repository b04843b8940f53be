import { EventEmitter } from 'node:events'
import type { EventName, EventPayload } from '../../shared/events'

/** Typed bus for the pushes of the contract (src/shared/events.ts); transports subscribe to it. */
export class AppEvents {
  private readonly emitter = new EventEmitter()

  constructor() {
    // Every open window/socket subscribes; avoid the default 10-listener warning.
    this.emitter.setMaxListeners(100)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload)
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener as (p: unknown) => void)
    return () => this.emitter.off(event, listener as (p: unknown) => void)
  }
}

/**
 * Coalesces calls within `ms` into one trailing call: an import of thousands of files must not
 * push thousands of "library changed" messages.
 */
export function throttle<A extends unknown[]>(ms: number, fn: (...args: A) => void): ((...args: A) => void) & { flush(): void } {
  let timer: NodeJS.Timeout | null = null
  let lastArgs: A | null = null
  let lastRun = 0
  const run = () => {
    timer = null
    if (!lastArgs) return
    const args = lastArgs
    lastArgs = null
    lastRun = Date.now()
    fn(...args)
  }
  const throttled = (...args: A) => {
    lastArgs = args
    if (timer) return
    timer = setTimeout(run, Math.max(0, ms - (Date.now() - lastRun)))
  }
  throttled.flush = () => {
    if (timer) clearTimeout(timer)
    run()
  }
  return throttled
}
