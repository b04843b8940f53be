// Stacks: a burst (the same camera, each shot at most BURST_GAP_MS after the one before) and one shot
// saved in two formats side by side (IMG_0001.HEIC + IMG_0001.JPG, RAW + JPEG) show as one tile.
import { basename, dirname, extname } from 'node:path'
import type { BurstCandidate, StackRow, StacksRepository } from '../catalog'
import type { TaskHandler } from '../tasks'

/**
 * "Less than a second apart" as cameras record it: EXIF times without sub-seconds tick by whole
 * seconds, so two frames 0.1 s apart across a second boundary read 1 s apart.
 */
export const BURST_GAP_MS = 1000

/** Bursts: runs of shots by one camera (make and model), each within BURST_GAP_MS of the previous. */
export function findBursts(candidates: readonly BurstCandidate[]): number[][] {
  const bursts: number[][] = []
  let run: BurstCandidate[] = []
  const flush = () => {
    if (run.length > 1) bursts.push(run.map((c) => c.id))
    run = []
  }
  for (const c of candidates) {
    const last = run.at(-1)
    if (last && (last.make !== c.make || last.model !== c.model || c.sortMs - last.sortMs > BURST_GAP_MS)) flush()
    run.push(c)
  }
  flush()
  return bursts
}

/** Formats the cover of a same-name pair is taken from first: the one every viewer opens. */
const COVER_PREFERENCE = ['image/jpeg', 'image/heic', 'image/heif']

/** Photos in one folder with one base name and different contents: one shot in several formats. */
export function findSameName(paths: readonly { id: number; path: string; mime: string | null }[]): number[][] {
  const byStem = new Map<string, { id: number; mime: string | null }[]>()
  for (const p of paths) {
    const stem = `${dirname(p.path)}\u0000${basename(p.path, extname(p.path)).toLowerCase()}`
    const entries = byStem.get(stem) ?? []
    if (!entries.some((e) => e.id === p.id)) entries.push({ id: p.id, mime: p.mime })
    byStem.set(stem, entries)
  }
  const rank = (mime: string | null) => {
    const i = COVER_PREFERENCE.indexOf(mime ?? '')
    return i < 0 ? COVER_PREFERENCE.length : i
  }
  return [...byStem.values()]
    .filter((entries) => entries.length > 1 && new Set(entries.map((e) => e.mime)).size === entries.length)
    .map((entries) => entries.sort((a, b) => rank(a.mime) - rank(b.mime) || a.id - b.id).map((e) => e.id))
}

export function createStacksService(deps: { stacks: StacksRepository; enabled(): boolean; changed(): void }) {
  const { stacks } = deps
  function recompute(): number {
    const bursts = findBursts(stacks.burstCandidates())
    const inBurst = new Set(bursts.flat())
    // A pair inside a burst is already in its stack: a photo is in one stack only.
    const pairs = findSameName(stacks.paths()).filter((ids) => ids.every((id) => !inBurst.has(id)))
    const rows: StackRow[] = [...bursts.map((assetIds) => ({ kind: 'burst' as const, assetIds })), ...pairs.map((assetIds) => ({ kind: 'same-name' as const, assetIds }))]
    stacks.replaceAll(rows)
    deps.changed()
    return rows.length
  }
  // Photos ingested while a recompute runs ask for another, which is refused while this one is live
  // (one live task per key): so it runs again until the catalog stood still during a pass.
  const handler: TaskHandler<'library.stacks'> = async () => {
    for (let pass = 0; pass < 10; pass++) {
      const before = stacks.version()
      recompute()
      if (stacks.version() === before) return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return {
    handlers: { 'library.stacks': handler },
    recompute,
    of: (assetId: number) => (deps.enabled() ? stacks.of(assetId) : null),
    counts: (coverIds: readonly number[]) => (deps.enabled() ? [...stacks.counts(coverIds)].map(([assetId, count]) => ({ assetId, count })) : []),
    /** How the timeline lists stacks: one tile each but the expanded ones (cover ids); undefined when stacks are off. */
    listing: (expanded: readonly number[] = []): { expanded: readonly number[] } | undefined => (deps.enabled() ? { expanded } : undefined),
    /**
     * The photos a batch action on these tiles means when it takes photos out of the timeline (trash,
     * hide): a collapsed stack's tile stands for its whole stack; an expanded stack shows each photo,
     * so only those chosen. `stacks` counts the collapsed stacks that added photos.
     */
    wholeStacks(assetIds: readonly number[], expanded: readonly number[]): { ids: number[]; stacks: number } {
      const ids = new Set(assetIds)
      if (!deps.enabled()) return { ids: [...ids], stacks: 0 }
      const open = new Set(expanded)
      let added = 0
      for (const stack of stacks.stacksOf(assetIds)) {
        if (open.has(stack.coverId)) continue
        const before = ids.size
        for (const id of stack.assetIds) ids.add(id)
        if (ids.size > before) added++
      }
      return { ids: [...ids], stacks: added }
    },
  }
}

export type StacksService = ReturnType<typeof createStacksService>
