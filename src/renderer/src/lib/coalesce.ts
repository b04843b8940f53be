// Events can arrive many times a second during an import; refetching on each would flood the
// server. This runs `fn` at once, then at most once per `waitMs`, always ending with a trailing run.
export interface Coalesced {
  (): void
  cancel(): void
}

export function coalesce(fn: () => void, waitMs: number): Coalesced {
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending = false
  const flush = (): void => {
    if (pending) {
      pending = false
      fn()
      timer = setTimeout(flush, waitMs)
    } else timer = null
  }
  const run = (() => {
    if (timer !== null) {
      pending = true
      return
    }
    fn()
    timer = setTimeout(flush, waitMs)
  }) as Coalesced
  run.cancel = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending = false
  }
  return run
}
