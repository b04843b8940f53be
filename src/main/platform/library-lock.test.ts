import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { acquireLibraryLock, LibraryLockedError, processStartToken } from './library-lock'

const taker = join(import.meta.dirname, 'test-support', 'lock-taker.ts')
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

interface Taker {
  child: ChildProcessWithoutNullStreams
  /** The next line the taker prints. */
  line(): Promise<string>
}

const children: ChildProcessWithoutNullStreams[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill()
})

function startTaker(): Taker {
  const child = spawn(process.execPath, ['--import', tsx, taker])
  children.push(child)
  const lines: string[] = []
  const waiting: ((line: string) => void)[] = []
  let buffered = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i)
      buffered = buffered.slice(i + 1)
      const w = waiting.shift()
      if (w) w(line)
      else lines.push(line)
    }
  })
  return {
    child,
    line: () => {
      const l = lines.shift()
      return l !== undefined ? Promise.resolve(l) : new Promise((resolve) => waiting.push(resolve))
    },
  }
}

/** Takers ready for commands. */
async function startTakers(n: number): Promise<Taker[]> {
  const takers = Array.from({ length: n }, () => startTaker())
  for (const t of takers) expect(await t.line()).toBe('ready')
  return takers
}

/** Every taker tries the lock of `dir` at the same moment; what each one printed. */
async function race(takers: Taker[], dir: string): Promise<string[]> {
  const at = Date.now() + 50
  for (const t of takers) t.child.stdin.write(`go ${at} ${dir}\n`)
  return Promise.all(takers.map((t) => t.line()))
}

describe('library lock', () => {
  it('takes over a lock whose PID now belongs to another process, or to nobody', () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'photohouse.lock')
      // This process's PID, but started at another time: the PID was reused by us.
      writeFileSync(file, JSON.stringify({ host: hostname(), pid: process.pid, start: `${processStartToken(process.pid)}0` }))
      const lock = acquireLibraryLock(dir.path)
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ host: hostname(), pid: process.pid, start: processStartToken(process.pid) })
      lock.release()

      // A dead PID, as an older PhotoHouse wrote it.
      const gone = spawnSync(process.execPath, ['-e', '0']).pid!
      writeFileSync(file, String(gone))
      acquireLibraryLock(dir.path).release()
    } finally {
      dir.cleanup()
    }
  })

  it('refuses a lock held by a live process, naming it', async () => {
    const dir = tempDir()
    try {
      const [holder] = await startTakers(1)
      expect(await race([holder!], dir.path)).toEqual(['won'])
      expect(() => acquireLibraryLock(dir.path)).toThrow(LibraryLockedError)
      expect(() => acquireLibraryLock(dir.path)).toThrow(new RegExp(`another PhotoHouse process \\(pid ${holder!.child.pid}\\)`))
      // Released when the holder lets go: the next taker gets it.
      holder!.child.stdin.write('release\n')
      expect(await holder!.line()).toBe('released')
      acquireLibraryLock(dir.path).release()
    } finally {
      dir.cleanup()
    }
  }, 60_000)

  it('lets exactly one of several racing processes take a free or a stale lock', async () => {
    const dir = tempDir()
    try {
      const takers = await startTakers(6)
      // Rounds: the losing interleavings are rare, so each kind of start is raced many times.
      for (let round = 0; round < 30; round++) {
        const library = join(dir.path, String(round))
        mkdirSync(library)
        // Every other round starts from a stale lock: this process's PID with another start time.
        if (round % 2 === 1) writeFileSync(join(library, 'photohouse.lock'), JSON.stringify({ host: hostname(), pid: process.pid, start: 'linux:another-boot:1' }))
        const results = await race(takers, library)
        expect(results.filter((r) => r === 'won'), `round ${round}:\n${results.join('\n')}`).toHaveLength(1)
        const winner = takers[results.indexOf('won')]!
        for (const r of results.filter((x) => x !== 'won')) expect(r).toMatch(new RegExp(`^refused .*\\(pid ${winner.child.pid}\\)`))
        winner.child.stdin.write('release\n')
        expect(await winner.line()).toBe('released')
      }
    } finally {
      dir.cleanup()
    }
  }, 120_000)
})
