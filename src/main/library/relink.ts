// "Locate folder" (issue 14): a library folder that moved (another drive letter, another mount
// point, copied to a new disk) is found again at the place the user points to. Each file the
// catalog knows is looked for at the same path relative to the folder, and accepted only when it
// holds the same content:
// - the size must match (a different size is a different file: no hashing needed to say so);
// - a file whose modification time differs (a copy that did not keep times) is hashed;
// - of the rest (same size, same time) a spread sample is hashed, and if any of those turns out to
//   be another photo, every file is hashed.
// Hashing everything would be exact but reads the whole folder (hours for an external drive of
// photos); size + time + a sample catches a wrong folder (other content at the same names) at the
// cost of reading a few dozen files, and a folder that matches by size and time yet differs is
// exactly what the sample's escalation to a full hash is for.
import { stat } from 'node:fs/promises'
import { join, relative } from 'node:path'

export interface KnownFile {
  path: string
  size: number
  mtimeMs: number
  assetId: number | null
  sha256: string | null
}

export interface RelinkPlan {
  moved: { from: string; to: string; mtimeMs: number; assetId: number | null }[]
  missing: { assetId: number | null; path: string; reason: string }[]
  hashed: number
}

/** How many files of those matching by size and time are hashed anyway. */
export const RELINK_SAMPLE = 24

/**
 * Where each known file of `oldRoot` is under `newRoot`, and whether it is the same content.
 * `hash` gives a file's SHA-256. Reads nothing but the candidates at their new paths.
 */
export async function planRelink(oldRoot: string, newRoot: string, files: KnownFile[], hash: (path: string) => Promise<string>): Promise<RelinkPlan> {
  const missing: RelinkPlan['missing'] = []
  const found: { file: KnownFile; to: string; mtimeMs: number; sameTime: boolean }[] = []
  for (const file of files) {
    const rel = relative(oldRoot, file.path)
    const to = join(newRoot, rel)
    const s = await stat(to).catch(() => null)
    if (!s?.isFile()) missing.push({ assetId: file.assetId, path: file.path, reason: `not found at ${to}` })
    else if (s.size !== file.size) missing.push({ assetId: file.assetId, path: file.path, reason: `${to} is another file (${s.size} bytes, not ${file.size})` })
    else found.push({ file, to, mtimeMs: Math.trunc(s.mtimeMs), sameTime: Math.trunc(s.mtimeMs) === file.mtimeMs })
  }
  const sameTime = found.filter((f) => f.sameTime)
  const step = Math.max(1, Math.floor(sameTime.length / RELINK_SAMPLE))
  const sample = new Set(sameTime.filter((_, i) => i % step === 0).slice(0, RELINK_SAMPLE))
  const verdict = new Map<(typeof found)[number], boolean>()
  let hashed = 0
  const check = async (f: (typeof found)[number]) => {
    if (verdict.has(f)) return verdict.get(f)!
    // A location without content (never imported) has nothing to compare: its size is all we know.
    const same = f.file.sha256 === null ? true : (await hash(f.to)) === f.file.sha256
    if (f.file.sha256 !== null) hashed++
    verdict.set(f, same)
    return same
  }
  let sampleFailed = false
  for (const f of found) {
    if (!f.sameTime || sample.has(f)) {
      const same = await check(f)
      if (!same && f.sameTime) sampleFailed = true
    }
  }
  if (sampleFailed) for (const f of found) await check(f)
  const moved: RelinkPlan['moved'] = []
  for (const f of found) {
    if (verdict.get(f) === false) missing.push({ assetId: f.file.assetId, path: f.file.path, reason: `${f.to} holds other content (SHA-256 differs)` })
    else moved.push({ from: f.file.path, to: f.to, mtimeMs: f.mtimeMs, assetId: f.file.assetId })
  }
  return { moved, missing, hashed }
}
