/**
 * The wall-clock time of a capture as epoch ms "read as UTC": the timeline sorts and groups by the
 * local time a photo was taken (a sunset at 19:00 in Tokyo stays 19:00), as people remember it.
 */
export function wallClockMs(takenAt: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?/.exec(takenAt)
  if (!m) return null
  const [, y, mo, d, h, mi, s, ms] = m
  const value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((ms ?? '0').padEnd(3, '0')))
  return Number.isFinite(value) ? value : null
}

/** A file's mtime as wall-clock time on this machine, for photos without a capture date. */
export function mtimeWallClockMs(mtimeMs: number): number {
  return mtimeMs - new Date(mtimeMs).getTimezoneOffset() * 60_000
}
