// A separate process that takes library locks, for the lock's tests. Prints "ready", then per line
// on stdin: "go <epochMs> <dir>" spins until that moment (so several takers race in step), tries
// the lock and prints "won" or "refused <message>"; "release" lets go of what it won and prints
// "released". Holds what it won until stdin ends.
import { createInterface } from 'node:readline'
import { acquireLibraryLock } from '../library-lock'

let held: { release(): void } | undefined
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const [command, at, dir] = line.split(' ')
  if (command === 'release') {
    held?.release()
    held = undefined
    process.stdout.write('released\n')
    return
  }
  if (command !== 'go' || !dir) throw new Error(`lock-taker: bad command ${line}`)
  // Busy-wait, not a timer: the takers leave the starting line within microseconds of each other.
  while (Date.now() < Number(at));
  try {
    held = acquireLibraryLock(dir)
    process.stdout.write('won\n')
  } catch (e) {
    process.stdout.write(`refused ${(e as Error).message}\n`)
  }
})
lines.once('close', () => held?.release())
process.stdout.write('ready\n')
