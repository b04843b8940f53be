import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export class LibraryLockedError extends Error {
  constructor(
    readonly libraryDir: string,
    readonly pid: number,
  ) {
    super(`The library ${libraryDir} is open in another PhotoHouse process (pid ${pid}). Close it first, or use --library to pick another.`)
    this.name = 'LibraryLockedError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One writer per library: the task queue resumes "running" tasks on start, which is only right
 * when no other process is running them. A lock left by a killed process is taken over.
 */
const heldByThisProcess = new Set<string>()

export function acquireLibraryLock(libraryDir: string): { release(): void } {
  const file = join(libraryDir, 'photohouse.lock')
  if (heldByThisProcess.has(file)) throw new LibraryLockedError(libraryDir, process.pid)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      heldByThisProcess.add(file)
      return {
        release: () => {
          heldByThisProcess.delete(file)
          try {
            if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file)
          } catch {
            // already gone
          }
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(readFileSync(file, 'utf8'))
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new LibraryLockedError(libraryDir, pid)
      rmSync(file, { force: true })
    }
  }
  throw new Error(`Cannot lock the library ${libraryDir}`)
}
