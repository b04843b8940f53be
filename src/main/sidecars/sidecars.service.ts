// XMP sidecars (issue 14): written beside each original from what the catalog knows (names, marks,
// edits, keywords), merged into what other programs wrote there; and read on import (sidecars of
// both naming styles and the XMP/IPTC embedded in the photo) into keywords, marks and named faces.
import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { DEFAULT_SIDECAR_SETTINGS, SidecarSettings, type SidecarFailure, type SidecarReadResult, type SidecarWriteResult } from '../../shared/sidecars'
import type { SettingsRepository, SidecarAsset, SidecarsRepository } from '../catalog'
import type { TaskHandler } from '../tasks'
import { embeddedIptc, embeddedXmp } from './embedded'
import { faceToRegion, matchRegions, regionToFace, swapsSides, type Box } from './regions'
import { isFavoriteLabel, mergeXmp, readXmp, XmpParseError, type OwnFacts, type XmpFacts } from './xmp'

const SETTINGS_KEY = 'sidecars'
/** Photos written per turn of the task: a library-wide rewrite yields between batches. */
const BATCH = 200

export interface SidecarsDeps {
  repo: SidecarsRepository
  settings: SettingsRepository
  /** Queues the task that writes the sidecars of changed photos (one, however many ask). */
  writeNeeded(): void
  /** Keywords, descriptions or names of these photos changed (search words, people screens). */
  changed(assetIds: number[], what: { people: boolean }): void
  log(message: string): void
}

/** Where a photo's sidecar goes in each naming style. */
export function sidecarPath(photoPath: string, naming: SidecarSettings['naming']): string {
  return naming === 'file.ext.xmp' ? `${photoPath}.xmp` : join(dirname(photoPath), `${basename(photoPath, extname(photoPath))}.xmp`)
}

/** The sidecars a photo may have, most specific first (both styles, either case of the extension). */
function sidecarCandidates(photoPath: string): string[] {
  const stem = join(dirname(photoPath), basename(photoPath, extname(photoPath)))
  return [`${photoPath}.xmp`, `${photoPath}.XMP`, `${stem}.xmp`, `${stem}.XMP`]
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null
    throw e
  }
}

/** Temp file beside the target, then rename: a crash leaves the old sidecar or the new one, never half. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text, 'utf8')
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** The stored (un-rotated) pixel size, which MWG regions apply to. */
function storedSize(asset: Pick<SidecarAsset, 'width' | 'height' | 'orientation'>): { w: number; h: number } | null {
  if (!asset.width || !asset.height) return null
  return swapsSides(asset.orientation) ? { w: asset.height, h: asset.width } : { w: asset.width, h: asset.height }
}

/**
 * A region read from XMP as a face box of the shown photo. MWG regions apply to the stored image;
 * some writers used the shown one instead, which their AppliedToDimensions give away (the shown
 * size of a photo whose orientation swaps its sides): those are taken as they are.
 */
export function regionBox(region: XmpFacts['regions'][number], appliedTo: XmpFacts['appliedTo'], asset: Pick<SidecarAsset, 'width' | 'height' | 'orientation'>): Box {
  const stored = storedSize(asset)
  const appliedToShown = appliedTo !== null && stored !== null && stored.w !== stored.h && appliedTo.w === stored.h && appliedTo.h === stored.w
  return regionToFace(region, appliedToShown ? 1 : asset.orientation)
}

/**
 * What PhotoHouse writes into a photo's sidecar: keywords and confirmed names as dc:subject, the
 * named faces as MWG regions of the stored image, the marks, and the date and place only when the
 * user edited them (the camera's stay as they are otherwise).
 */
export function sidecarFacts(
  asset: Omit<SidecarAsset, 'id' | 'paths'>,
  parts: { userTags: string[]; named: { name: string; box: Box }[]; machineTags: string[] },
): OwnFacts {
  const names = [...new Set(parts.named.map((f) => f.name))].sort((a, b) => a.localeCompare(b))
  return {
    subjects: [...new Set([...parts.userTags, ...names, ...parts.machineTags])],
    rating: asset.rating,
    favorite: asset.favorite,
    description: asset.description?.trim() || null,
    dateTimeOriginal: asset.dateEdited ? asset.takenAt : null,
    gps: asset.placeEdited && asset.lat !== null && asset.lon !== null ? { lat: asset.lat, lon: asset.lon } : null,
    regions: parts.named.map((f) => ({ name: f.name, ...faceToRegion(f.box, asset.orientation) })),
    appliedTo: storedSize(asset),
    personInImage: names,
  }
}

/** Nothing a sidecar would say: no keywords, names, marks, description or edits. */
function saysNothing(f: OwnFacts): boolean {
  return f.subjects.length === 0 && f.rating === 0 && !f.favorite && f.description === null && f.dateTimeOriginal === null && f.gps === null && f.regions.length === 0
}

export function createSidecarsService(deps: SidecarsDeps) {
  const { repo } = deps

  function settings(): SidecarSettings {
    const parsed = SidecarSettings.safeParse(deps.settings.get(SETTINGS_KEY))
    return parsed.success ? parsed.data : DEFAULT_SIDECAR_SETTINGS
  }

  /** What PhotoHouse writes into this photo's sidecar. */
  function ownFacts(asset: SidecarAsset, machineTags: boolean): OwnFacts {
    return sidecarFacts(asset, {
      userTags: repo.userTags(asset.id),
      named: [...repo.confirmedFaces(asset.id), ...repo.regionsWithoutFace(asset.id)],
      machineTags: machineTags ? repo.machineTags(asset.id) : [],
    })
  }

  interface PlannedSidecar {
    path: string
    existing: string | null
    next: string
  }

  /** The sidecars of one photo as they would be written now (merged into what is there). */
  async function plan(assetId: number, s: SidecarSettings): Promise<{ planned: PlannedSidecar[]; failed: SidecarFailure[] }> {
    const asset = repo.asset(assetId)
    if (!asset) return { planned: [], failed: [] }
    const facts = ownFacts(asset, s.machineTags)
    const planned: PlannedSidecar[] = []
    const failed: SidecarFailure[] = []
    for (const photoPath of asset.paths) {
      const lower = sidecarPath(photoPath, s.naming)
      // Never the original itself, whatever its name.
      if (lower === photoPath) continue
      try {
        // Without ours, another program's photo.jpg.XMP is the one to merge into (a case-sensitive disk would otherwise get a second).
        const lowerText = await readIfExists(lower)
        const upper = lower.replace(/\.xmp$/, '.XMP')
        const upperText = lowerText === null ? await readIfExists(upper) : null
        const path = upperText !== null ? upper : lower
        const existing = lowerText ?? upperText
        // A photo PhotoHouse knows nothing about gets no sidecar of its own (one already there is still brought up to date).
        if (existing === null && saysNothing(facts)) continue
        planned.push({ path, existing, next: mergeXmp(existing, facts) })
      } catch (e) {
        failed.push({ path: lower, error: e instanceof XmpParseError ? `${e.message} (left as it is)` : (e as Error).message })
      }
    }
    return { planned, failed }
  }

  async function write(assetIds: number[]): Promise<SidecarWriteResult> {
    const s = settings()
    const result: SidecarWriteResult = { photos: 0, written: 0, unchanged: 0, failed: [] }
    for (const id of assetIds) {
      const { planned, failed } = await plan(id, s)
      result.photos++
      result.failed.push(...failed)
      for (const p of planned) {
        // Only a sidecar whose content changes is written (its time stays for backup and sync tools).
        if (p.next === p.existing) {
          result.unchanged++
          continue
        }
        try {
          await writeAtomically(p.path, p.next)
          result.written++
        } catch (e) {
          result.failed.push({ path: p.path, error: (e as Error).message })
        }
      }
    }
    return result
  }

  /** Matches this photo's named regions to its detected faces; the faces matched are confirmed as the named people. */
  function matchFaces(assetId: number): { matched: number; withoutFace: number } {
    const regions = repo.regions(assetId)
    if (regions.length === 0) return { matched: 0, withoutFace: 0 }
    const faces = repo.faces(assetId)
    const pairs = matchRegions(regions, faces)
    let matched = 0
    for (const region of regions) {
      const personId = repo.personNamed(region.name)
      const face = pairs.get(region)
      if (face) {
        repo.confirmFace(face.id, personId)
        matched++
      }
      repo.setRegionMatch(region.id, personId, face?.id ?? null)
    }
    return { matched, withoutFace: regions.length - matched }
  }

  interface ReadOne {
    found: boolean
    keywordsAdded: number
    rating: boolean
    favorite: boolean
    description: boolean
    regions: number
    matched: number
    withoutFace: number
    failed: SidecarFailure[]
  }

  /** Reads a photo's sidecars and embedded XMP/IPTC into the catalog (filling, never erasing). */
  async function readOne(assetId: number): Promise<ReadOne> {
    const out: ReadOne = { found: false, keywordsAdded: 0, rating: false, favorite: false, description: false, regions: 0, matched: 0, withoutFace: 0, failed: [] }
    const asset = repo.asset(assetId, { pending: true })
    if (!asset) return out
    const sources: { facts: XmpFacts; source: 'sidecar' | 'embedded' }[] = []
    const iptc = { keywords: [] as string[], caption: null as string | null }
    for (const photoPath of asset.paths) {
      for (const path of sidecarCandidates(photoPath)) {
        try {
          const text = await readIfExists(path)
          if (text !== null) sources.push({ facts: readXmp(text), source: 'sidecar' })
        } catch (e) {
          out.failed.push({ path, error: (e as Error).message })
        }
      }
      try {
        const xmp = await embeddedXmp(photoPath)
        if (xmp !== null) sources.push({ facts: readXmp(xmp), source: 'embedded' })
        const found = await embeddedIptc(photoPath)
        iptc.keywords.push(...found.keywords)
        iptc.caption ??= found.caption
      } catch (e) {
        // A file gone since its import, or XMP another program broke: said, and the rest still read.
        out.failed.push({ path: photoPath, error: (e as Error).message })
      }
    }
    // Regions from the most specific source that has any; names beside them are names, not keywords.
    const withRegions = sources.find((s) => s.facts.regions.some((r) => r.name !== null && (r.type === null || r.type === 'Face')))
    const regions = withRegions
      ? withRegions.facts.regions
          .filter((r): r is typeof r & { name: string } => r.name !== null && (r.type === null || r.type === 'Face'))
          .map((r) => ({ name: r.name, box: regionBox(r, withRegions.facts.appliedTo, asset), source: withRegions.source }))
      : []
    const names = new Set([...regions.map((r) => r.name), ...sources.flatMap((s) => s.facts.personInImage)])
    const keywords = (list: string[]) => list.filter((k) => !names.has(k))
    const first = <T>(pick: (f: XmpFacts) => T | null): T | null => {
      for (const s of sources) {
        const v = pick(s.facts)
        if (v !== null) return v
      }
      return null
    }
    // Lightroom writes -1 for "rejected": no stars here.
    const rating = first((f) => (f.rating !== null && f.rating >= 1 && f.rating <= 5 ? Math.round(f.rating) : null))
    const favorite = sources.some((s) => isFavoriteLabel(s.facts.label))
    const description = first((f) => f.description) ?? iptc.caption
    out.found = sources.length > 0 || iptc.keywords.length > 0 || iptc.caption !== null
    if (!out.found) return out
    for (const s of sources) out.keywordsAdded += repo.addUserTags(assetId, keywords(s.facts.subjects), s.source)
    out.keywordsAdded += repo.addUserTags(assetId, keywords([...new Set(iptc.keywords)]), 'embedded')
    const filled = repo.fillMarks(assetId, { rating, favorite, description })
    Object.assign(out, filled)
    if (regions.length > 0) {
      repo.replaceRegions(assetId, regions)
      const m = matchFaces(assetId)
      Object.assign(out, { regions: regions.length, matched: m.matched, withoutFace: m.withoutFace })
    }
    return out
  }

  const readTask: TaskHandler<'asset.sidecarRead'> = async ({ assetId }) => {
    const r = await readOne(assetId)
    for (const f of r.failed) deps.log(`reading XMP of ${f.path} failed: ${f.error}`)
    if (r.found) deps.changed([assetId], { people: r.regions > 0 })
  }

  const writeTask: TaskHandler<'library.sidecars'> = async (_payload, ctx) => {
    // Off: changes are still marked, so turning it on (or `sidecars write`) writes them.
    if (!settings().write) return
    const total = repo.dirtyCount()
    let done = 0
    for (;;) {
      if (ctx.signal.aborted) return
      const ids = repo.takeDirty(BATCH)
      if (ids.length === 0) return
      const result = await write(ids)
      for (const f of result.failed) deps.log(`writing the sidecar ${f.path} failed: ${f.error}`)
      done += ids.length
      if (total > 0) ctx.progress(Math.min(1, done / total))
    }
  }

  return {
    settings,
    setSettings(change: Partial<SidecarSettings>): SidecarSettings {
      const before = settings()
      const next = SidecarSettings.parse({ ...before, ...change })
      deps.settings.set(SETTINGS_KEY, next)
      // Turned on, or what goes into every sidecar changed: every photo's sidecar is brought up to date.
      if (next.write && (!before.write || next.naming !== before.naming || next.machineTags !== before.machineTags)) {
        repo.markAllDirty()
        deps.writeNeeded()
      }
      return next
    },
    /** After any change that may concern sidecars: queues the write task when writing is on and something changed. */
    changesMade(): void {
      if (settings().write && repo.dirtyCount() > 0) deps.writeNeeded()
    },
    /** The classifier tagged a photo: its sidecar changes only when machine tags are written. */
    tagsChanged(assetId: number): void {
      const s = settings()
      if (!s.write || !s.machineTags) return
      repo.markDirty([assetId])
      deps.writeNeeded()
    },
    /** Faces were found in these photos: named regions read from their XMP name them. */
    facesFound(assetIds: number[]): void {
      const named: number[] = []
      for (const id of assetIds) if (matchFaces(id).matched > 0) named.push(id)
      if (named.length > 0) deps.changed(named, { people: true })
    },
    /** Writes the sidecars of these photos now (all of them: every photo), whatever the setting. */
    async writeNow(options: { all: boolean }): Promise<SidecarWriteResult> {
      if (options.all) return write(repo.assetIds())
      const ids: number[] = []
      for (let batch = repo.takeDirty(BATCH); batch.length > 0; batch = repo.takeDirty(BATCH)) ids.push(...batch)
      return write(ids)
    },
    /** Reads every photo's sidecars and embedded XMP/IPTC again. */
    async readAll(): Promise<SidecarReadResult> {
      const result: SidecarReadResult = { photos: 0, withMetadata: 0, keywordsAdded: 0, ratingsSet: 0, descriptionsSet: 0, favoritesSet: 0, regions: 0, regionsMatched: 0, regionsWithoutFace: 0, failed: [] }
      const changed: number[] = []
      for (const id of repo.assetIds()) {
        const r = await readOne(id)
        result.photos++
        result.failed.push(...r.failed)
        if (!r.found) continue
        changed.push(id)
        result.withMetadata++
        result.keywordsAdded += r.keywordsAdded
        if (r.rating) result.ratingsSet++
        if (r.description) result.descriptionsSet++
        if (r.favorite) result.favoritesSet++
        result.regions += r.regions
        result.regionsMatched += r.matched
        result.regionsWithoutFace += r.withoutFace
      }
      if (changed.length > 0) deps.changed(changed, { people: result.regions > 0 })
      return result
    },
    /**
     * Sidecars that do not say what the catalog does (missing, or another content than a write
     * would give), for the library check. Only while writing is on: otherwise none is expected.
     */
    async outOfDate(): Promise<{ assetId: number; path: string }[]> {
      const s = settings()
      if (!s.write) return []
      const out: { assetId: number; path: string }[] = []
      for (const id of repo.assetIds()) {
        const { planned, failed } = await plan(id, s)
        for (const p of planned) if (p.next !== p.existing) out.push({ assetId: id, path: p.path })
        for (const f of failed) out.push({ assetId: id, path: f.path })
      }
      return out
    },
    /** The library check's repair: these photos' sidecars are written again by the task. */
    repair(assetIds: number[]): void {
      repo.markDirty(assetIds)
      deps.writeNeeded()
    },
    handlers: { 'asset.sidecarRead': readTask, 'library.sidecars': writeTask },
  }
}

export type SidecarsService = ReturnType<typeof createSidecarsService>
