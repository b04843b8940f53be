// sha256 of model files, with a cache keyed by path + size + mtime: hashing CLIP's ~90 MB encoder on
// every start would cost ~0.3 s per file for nothing, while any rewrite of the file changes its mtime.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

interface CacheEntry {
  size: number
  mtimeMs: number
  sha256: string
}

export interface ChecksumCache {
  /** sha256 of `file`, computed once per (size, mtime) of that file. */
  sha256(file: string): Promise<string>
}

/**
 * @param persistTo JSON file keeping the cache across runs (e.g. <userData>/models/.checksums.json);
 *   without it the cache lives in memory only. A corrupt or unwritable cache file is ignored: it only
 *   costs a re-hash.
 */
export function createChecksumCache(persistTo?: string): ChecksumCache {
  let entries: Map<string, CacheEntry> | undefined
  let saving: Promise<void> = Promise.resolve()

  async function load(): Promise<Map<string, CacheEntry>> {
    if (entries) return entries
    entries = new Map()
    if (persistTo) {
      try {
        const raw = JSON.parse(await readFile(persistTo, 'utf8')) as Record<string, CacheEntry>
        for (const [file, e] of Object.entries(raw)) {
          if (typeof e?.sha256 === 'string' && typeof e.size === 'number' && typeof e.mtimeMs === 'number') {
            entries.set(file, e)
          }
        }
      } catch {
        // No cache yet, or unreadable: start empty.
      }
    }
    return entries
  }

  /** Chained so concurrent hashes never interleave writes; awaited so a caller sees it persisted. */
  function save(map: Map<string, CacheEntry>): Promise<void> {
    if (!persistTo) return saving
    const target = persistTo
    saving = saving.then(async () => {
      try {
        await mkdir(path.dirname(target), { recursive: true })
        const tmp = `${target}.${process.pid}.tmp`
        await writeFile(tmp, JSON.stringify(Object.fromEntries(map)))
        await rename(tmp, target)
      } catch {
        // Read-only location: keep the in-memory cache.
      }
    })
    return saving
  }

  return {
    async sha256(file) {
      const map = await load()
      const st = await stat(file)
      const key = path.resolve(file)
      const hit = map.get(key)
      if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.sha256
      const sha256 = await sha256File(file)
      map.set(key, { size: st.size, mtimeMs: st.mtimeMs, sha256 })
      await save(map)
      return sha256
    },
  }
}
