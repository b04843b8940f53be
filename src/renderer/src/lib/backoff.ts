// Reconnect delays for the event socket: exponential, capped, with jitter so that many windows do
// not hammer a restarting server in lock-step.
export interface BackoffOptions {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 }

/** Delay before reconnect attempt `attempt` (0-based): in [cap/2, cap] with cap = min(max, base·2^attempt). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)))
  return Math.round(cap / 2 + (cap / 2) * random())
}
