// The library check: files missing or changed since import (size and time first, then the content's
// hash), thumbnails gone from the cache, photos without their vector; and a repair of what can be
// repaired by the pipeline (re-import, thumbnails, the tags stage that makes the vector).
import { access, stat } from 'node:fs/promises'
import type { IntegrityFile, IntegrityReport } from '../../shared/integrity'
import type { IntegrityRepository, CheckedLocation } from '../catalog'
import { hashFile, thumbPath } from '../ingest'

/** Files stat'ed (and hashed, when changed) at once: enough to keep a disk busy, few enough for a network share. */
const PARALLEL = 16

export interface IntegrityRepairs {
  reimport(rootId: number, paths: string[]): void
  thumbnails(assetIds: number[]): void
  vectors(assetIds: number[]): void
  rescan(rootId: number): void
}

export interface IntegrityDeps {
  repo: IntegrityRepository
  roots: () => { id: number; path: string }[]
  cacheDir: string
  /** The model whose vectors every analysed photo should have (null: not installed, not checked). */
  vectorModel: () => string | null
  /** Absent for a read-only check (the CLI beside a running app). */
  repairs?: IntegrityRepairs
  /** XMP sidecars out of date (null: the library keeps none), and their repair. */
  sidecars?: {
    outOfDate(): Promise<IntegrityFile[] | null>
    repair?(assetIds: number[]): void
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** Runs `fn` over `items`, at most PARALLEL at a time, in order of the results. */
async function mapLimited<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker))
  return out
}

type FileState = 'ok' | 'missing' | 'changed' | 'touched' | 'unreachable'

export function createIntegrityService(deps: IntegrityDeps) {
  return {
    async check(options: { repair?: boolean; listLimit?: number } = {}): Promise<IntegrityReport> {
      const listLimit = options.listLimit ?? 1000
      const roots = deps.roots()
      // A folder that cannot be read now (a drive unplugged) says nothing about its files.
      const reachable = new Map(await Promise.all(roots.map(async (r) => [r.id, await exists(r.path)] as const)))
      const locations = deps.repo.locations()
      const states = await mapLimited(locations, async (l: CheckedLocation): Promise<FileState> => {
        if (reachable.get(l.rootId) === false) return 'unreachable'
        let s
        try {
          s = await stat(l.path)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing'
          throw e
        }
        if (s.size === l.size && Math.floor(s.mtimeMs) === l.mtimeMs) return 'ok'
        try {
          return (await hashFile(l.path)).sha256 === l.sha256 ? 'touched' : 'changed'
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
          throw e
        }
      })
      const missingFiles: (IntegrityFile & { rootId: number })[] = []
      const changedFiles: (IntegrityFile & { rootId: number })[] = []
      let touched = 0
      locations.forEach((l, i) => {
        const state = states[i]
        if (state === 'missing') missingFiles.push({ assetId: l.assetId, path: l.path, rootId: l.rootId })
        else if (state === 'changed') changedFiles.push({ assetId: l.assetId, path: l.path, rootId: l.rootId })
        else if (state === 'touched') touched++
      })

      // Thumbnails: one per photo (copies share them), looked up in the cache by content hash.
      const withThumbs = new Map<number, string>()
      for (const l of locations) if (l.hasThumb) withThumbs.set(l.assetId, l.sha256)
      const thumbChecks = await mapLimited([...withThumbs], async ([assetId, sha]) => {
        const present = (await exists(thumbPath(deps.cacheDir, sha, 'grid'))) && (await exists(thumbPath(deps.cacheDir, sha, 'preview')))
        return present ? null : assetId
      })
      const missingThumbnails = thumbChecks.filter((id): id is number => id !== null)
      const model = deps.vectorModel()
      const missingVectors = model ? deps.repo.assetsWithoutVector(model) : []
      const outdatedSidecars = deps.sidecars ? await deps.sidecars.outOfDate() : null
      let sidecarsRepaired: number | null = null

      let repaired: IntegrityReport['repaired'] = null
      if (options.repair) {
        const repairs = deps.repairs
        if (!repairs) throw new Error('This check cannot repair (read-only)')
        const byRoot = new Map<number, string[]>()
        for (const f of changedFiles) byRoot.set(f.rootId, [...(byRoot.get(f.rootId) ?? []), f.path])
        for (const [rootId, paths] of byRoot) repairs.reimport(rootId, paths)
        // A photo whose file changed is re-imported whole: its thumbnails and vector come with it.
        const reimported = new Set(changedFiles.map((f) => f.assetId))
        const thumbs = missingThumbnails.filter((id) => !reimported.has(id))
        if (thumbs.length > 0) repairs.thumbnails(thumbs)
        const thumbed = new Set(thumbs)
        // New thumbnails run the AI stages again, the tags stage (which makes the vector) among them.
        const vectors = missingVectors.filter((id) => !reimported.has(id) && !thumbed.has(id))
        if (vectors.length > 0) repairs.vectors(vectors)
        // Missing files: the folder's scan marks them missing (kept for the grace period, in case they come back).
        const rescanned = new Set(missingFiles.map((f) => f.rootId))
        for (const rootId of rescanned) repairs.rescan(rootId)
        repaired = { reimport: changedFiles.length, thumbnails: thumbs.length, vectors: vectors.length, rescannedFolders: rescanned.size }
        if (outdatedSidecars && outdatedSidecars.length > 0 && deps.sidecars?.repair) {
          const ids = [...new Set(outdatedSidecars.map((f) => f.assetId))]
          deps.sidecars.repair(ids)
          sidecarsRepaired = ids.length
        }
      }
      const strip = ({ assetId, path }: IntegrityFile) => ({ assetId, path })
      return {
        checkedAt: new Date().toISOString(),
        files: locations.length,
        assets: new Set(locations.map((l) => l.assetId)).size,
        unreachableFolders: roots.filter((r) => reachable.get(r.id) === false).map((r) => r.path),
        missingFiles: missingFiles.slice(0, listLimit).map(strip),
        changedFiles: changedFiles.slice(0, listLimit).map(strip),
        touchedFiles: touched,
        missingThumbnails: missingThumbnails.slice(0, listLimit),
        missingVectors: missingVectors.slice(0, listLimit),
        repaired,
        sidecars: outdatedSidecars && { outOfDate: outdatedSidecars.slice(0, listLimit), count: outdatedSidecars.length, repaired: sidecarsRepaired },
        listLimit,
        counts: { missingFiles: missingFiles.length, changedFiles: changedFiles.length, missingThumbnails: missingThumbnails.length, missingVectors: missingVectors.length },
      }
    },
  }
}

export type IntegrityService = ReturnType<typeof createIntegrityService>
