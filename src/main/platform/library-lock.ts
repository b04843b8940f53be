import { execFileSync } from 'node:child_process'
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { isProcessAlive } from './process-alive'

/** Who holds a lock: enough to tell a live holder from a dead one whose PID was reused. */
export interface LockHolder {
  host: string
  pid: number
  /** The holder's start time as processStartToken gives it; null where it cannot be known. */
  start: string | null
}

export class LibraryLockedError extends Error {
  readonly pid: number
  constructor(
    readonly libraryDir: string,
    readonly holder: LockHolder,
    lockFile: string,
  ) {
    super(
      holder.host === hostname()
        ? `The library ${libraryDir} is open in another PhotoHouse process (pid ${holder.pid}). Close it first, or use --library to pick another.`
        : `The library ${libraryDir} is open in PhotoHouse on another computer (${holder.host}, pid ${holder.pid}). ` +
            `Close it there first; if PhotoHouse no longer runs there, delete ${lockFile}.`,
    )
    this.name = 'LibraryLockedError'
    this.pid = holder.pid
  }
}

let bootId: string | null | undefined

/**
 * When process `pid` started, as a string to compare for equality, or undefined when no such
 * process exists, or null when this platform cannot tell (then the PID alone decides). Linux:
 * /proc/<pid>/stat field 22 (clock ticks since boot) with the boot id, so a PID reused after a
 * reboot differs too. macOS and the BSDs: `ps -o lstart=` (a spawn of ~10 ms, paid only when a
 * lock is taken or found). Windows: null (no cheap way without native code).
 */
export function processStartToken(pid: number, platform: NodeJS.Platform = process.platform): string | null | undefined {
  if (platform === 'linux') {
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null
    }
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = fields[22 - 3]
    if (ticks === undefined) return null
    if (bootId === undefined) {
      try {
        bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      } catch {
        bootId = null
      }
    }
    return `linux:${bootId ?? ''}:${ticks}`
  }
  if (platform === 'win32') return null
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return started ? `ps:${started}` : undefined
  } catch (e) {
    // ps exits 1 when there is no such process; a missing ps says nothing.
    return (e as { status?: number }).status === 1 ? undefined : null
  }
}

function currentHolder(): LockHolder {
  return { host: hostname(), pid: process.pid, start: processStartToken(process.pid) ?? null }
}

/** A lock file's text as a holder; an older PhotoHouse wrote only its PID. Undefined when unreadable. */
function parseHolder(text: string): LockHolder | undefined {
  if (/^\d+$/.test(text.trim())) return { host: hostname(), pid: Number(text.trim()), start: null }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>
    if (typeof v.host === 'string' && Number.isSafeInteger(v.pid) && (v.pid ?? 0) > 0 && (typeof v.start === 'string' || v.start === null)) {
      return { host: v.host, pid: v.pid!, start: v.start }
    }
  } catch {
    // not JSON
  }
  return undefined
}

/** Whether the holder of a lock still runs. A holder on another host cannot be checked: it counts as live. */
export function holderIsLive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true
  if (!isProcessAlive(holder.pid)) return false
  const now = processStartToken(holder.pid)
  if (now === undefined) return false
  // Where the start time is unknown, a live PID has to be taken at its word.
  if (now === null || holder.start === null) return true
  return now === holder.start
}

/** A file written by a process that died between creating and filling it (only the fallback path can leave one). */
const UNREADABLE_GRACE_MS = 2000
/** A takeover takes microseconds; a guard older than this belongs to a process that died in it. */
const GUARD_STALE_MS = 5000
const ACQUIRE_TIMEOUT_MS = 10_000

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs
  } catch {
    return 0
  }
}

/**
 * One writer per library: the task queue resumes "running" tasks on start, which is only right
 * when no other process is running them.
 *
 * The lock file is never seen half-written: its full text goes to a private file first, which is
 * then hard-linked to the lock's name (link fails when the name exists, so at most one process
 * creates it). A lock whose holder is gone (dead PID, or the PID now belongs to a process started
 * at another time) is replaced by rename under a guard file created with O_EXCL, after checking
 * that it is still the same stale lock: two processes finding the same stale lock never both take
 * it over, and a fresh lock is never removed.
 */
const heldByThisProcess = new Set<string>()

export function acquireLibraryLock(libraryDir: string): { release(): void } {
  const file = join(libraryDir, 'photohouse.lock')
  const guard = join(libraryDir, 'photohouse.lock.takeover')
  const me = currentHolder()
  if (heldByThisProcess.has(file)) throw new LibraryLockedError(libraryDir, me, file)
  const text = JSON.stringify(me)
  const mine = join(libraryDir, `.photohouse.lock.${process.pid}.${randomBytes(6).toString('hex')}`)
  const fd = openSync(mine, 'wx')
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }

  const held = () => {
    heldByThisProcess.add(file)
    return {
      release: () => {
        heldByThisProcess.delete(file)
        try {
          if (readFileSync(file, 'utf8') === text) rmSync(file)
        } catch {
          // already gone
        }
      },
    }
  }

  try {
    const deadline = Date.now() + ACQUIRE_TIMEOUT_MS
    for (;;) {
      if (Date.now() > deadline) throw new Error(`Cannot lock the library ${libraryDir}: another process keeps taking over ${file}`)
      if (createLock(mine, file, text)) return held()
      const found = readIfExists(file)
      if (found === undefined) continue // released meanwhile: try again
      const holder = parseHolder(found)
      if (holder === undefined) {
        // Being written by the fallback path (no hard links), or left so by a crash.
        if (ageMs(file) < UNREADABLE_GRACE_MS) {
          sleepSync(20)
          continue
        }
      } else if (holderIsLive(holder)) {
        throw new LibraryLockedError(libraryDir, holder, file)
      }
      // Stale: replace it, if this process is the one holding the guard and the lock is unchanged.
      if (!takeGuard(guard)) {
        sleepSync(10)
        continue
      }
      try {
        if (readIfExists(file) === found) {
          // rename replaces the file in one step: no moment without a lock for a creator to slip in.
          renameSync(mine, file)
          return held()
        }
      } finally {
        rmSync(guard, { force: true })
      }
    }
  } finally {
    rmSync(mine, { force: true })
  }
}

/** link() the fully written private file to the lock's name; false when the name exists. */
function createLock(mine: string, file: string, text: string): boolean {
  try {
    linkSync(mine, file)
    return true
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // File systems without hard links (FAT, some network shares): O_EXCL create, then write. A
    // reader may see it empty for a moment, which counts as held (UNREADABLE_GRACE_MS).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e
    let fd: number
    try {
      fd = openSync(file, 'wx')
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw e2
    }
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return true
  }
}

/** The right to replace a stale lock, one process at a time; a guard left by a crash expires. */
function takeGuard(guard: string): boolean {
  try {
    closeSync(openSync(guard, 'wx'))
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    if (ageMs(guard) > GUARD_STALE_MS) rmSync(guard, { force: true })
    return false
  }
}
