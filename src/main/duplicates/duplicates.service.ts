// Duplicate review: finds the groups of each tier, suggests a keeper, and resolves a group into its
// keeper as one undoable step. The pixels stage ('asset.pixels') feeds the same-pixels and near tiers.
import type { AlbumsRepository, AssetsRepository, CurationFlags, DuplicateFacts, DuplicatesRepository, EditSnapshot, EditsRepository, TrashRepository, UndoOp } from '../catalog'
import type { UndoService } from '../curation'
import { BrokenFileError, hashFile } from '../ingest'
import { isInside } from '../library'
import { moveToOsTrash, type TrashItem } from '../platform/os-trash'
import type { Pipeline, TaskHandler } from '../tasks'
import type { AssetSummary } from '../../shared/domain'
import {
  type DuplicateAsset,
  type DuplicateGroup,
  type DuplicateSettings,
  type DuplicateTier,
  type DuplicatesCopiesRemoved,
  type DuplicatesResolveResult,
} from '../../shared/duplicates'
import { cosine, DisjointSets, distanceAt, findPairs, parseHashes } from './grouping'
import { chooseKeeper, formatOf } from './keeper'
import { localDifference, MAX_LOCAL_DIFFERENCE, pixelFacts } from './pixels'

/** An image vector model the near tier can confirm with, and the cosine two copies reach at least. */
export interface VectorModel {
  modelId: string
  /** Copies of one picture are at least this similar (near tier). */
  sameFloor: number
  /** Similar shots are at least this similar (similar tier). */
  similarFloor: number
}

export interface DuplicatesServiceDeps {
  duplicates: DuplicatesRepository
  assets: AssetsRepository
  /** The other curation domains' repositories: a resolution merges into the keeper through them. */
  albums: AlbumsRepository
  edits: EditsRepository
  trash: TrashRepository
  undo: UndoService
  pipeline: Pipeline
  settings(): DuplicateSettings
  /** Vector models in order of preference (CLIP when active, then the classifier's features). */
  vectorModels(): VectorModel[]
  embedding(assetId: number, modelId: string): Float32Array | undefined
  /** Photos left the library views or a face changed person: views and search words refresh. */
  changed(assetIds: number[]): void
}

const FACES_KIND = 'duplicates.faces'
// Registered by the other curation domains, whose changes a resolution makes on their data: their
// own inverse operations put it back (favourite and rating: src/main/curation; albums; edits; trash).
const FLAGS_KIND = 'assets.flags'
const ALBUM_MEMBERSHIP_KIND = 'albums.membership'
const EDITS_KIND = 'edits.snapshot'
const TRASH_KIND = 'trash.state'

const isMissingFile = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR'

/** Boxes [x, y, w, h] in fractions of the photo: the same face in a resized copy overlaps almost fully. */
function overlap(a: [number, number, number, number], b: [number, number, number, number]): number {
  const w = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]))
  const h = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]))
  const inter = w * h
  const union = a[2] * a[3] + b[2] * b[3] - inter
  return union <= 0 ? 0 : inter / union
}
const SAME_FACE_OVERLAP = 0.5

const hashes = (distance: number) => (distance === 0 ? 'identical perceptual hashes' : `perceptual hashes within ${distance} of 64 bits`)

const TIER_ORDER: Record<DuplicateTier, number> = { 'same-bytes': 0, 'same-pixels': 1, near: 2, similar: 3 }

export function createDuplicatesService(deps: DuplicatesServiceDeps) {
  const { duplicates, assets, undo } = deps

  undo.register(FACES_KIND, (payload) => {
    const faces = payload as [number, number | null, boolean][]
    for (const [faceId, personId, pinned] of faces) duplicates.setFacePerson(faceId, personId, pinned)
  })

  const pixels: TaskHandler<'asset.pixels'> = async ({ assetId }) => {
    for (const location of assets.locationsOf(assetId)) {
      try {
        duplicates.setPixels(assetId, await pixelFacts(location.path))
        return
      } catch (e) {
        if (isMissingFile(e)) continue // another copy of the same content may be there
        // Not decodable at full size: it stays out of the same-pixels and near tiers.
        if (e instanceof BrokenFileError) return
        throw e
      }
    }
  }

  function describe(f: DuplicateFacts, summary: AssetSummary, path: string, distance: number): DuplicateAsset {
    return {
      asset: summary,
      path,
      width: f.width,
      height: f.height,
      bytes: f.bytes,
      format: formatOf(f.mime),
      takenAt: f.takenAt,
      exifFields: f.exifFields,
      distance,
    }
  }

  function list(input: { tier?: DuplicateTier; includeSimilar?: boolean } = {}): DuplicateGroup[] {
    const s = deps.settings()
    const wantSimilar = input.tier === 'similar' || (input.includeSimilar ?? false)
    const candidates = duplicates.candidates()
    const n = candidates.length
    const table = parseHashes(candidates.map((c) => c.phash))
    const pairs = findPairs(table, wantSimilar ? s.similarDistance : s.nearDistance)

    // The near check needs both fingerprints; the vectors are read per pair, once per photo.
    const nearIds = new Set<number>()
    for (let k = 0; k < pairs.a.length; k++) {
      if (pairs.distance[k]! > s.nearDistance) continue
      nearIds.add(candidates[pairs.a[k]!]!.id)
      nearIds.add(candidates[pairs.b[k]!]!.id)
    }
    const gray = duplicates.gray32([...nearIds])
    const models = deps.vectorModels()
    const vectors = new Map<string, Float32Array | undefined>()
    const vectorOf = (id: number, modelId: string) => {
      const key = `${modelId}:${id}`
      if (!vectors.has(key)) vectors.set(key, deps.embedding(id, modelId))
      return vectors.get(key)
    }
    /** Cosine under the first model both photos have a vector of; null when none. */
    const vectorAgreement = (a: number, b: number): { similarity: number; model: VectorModel } | null => {
      for (const model of models) {
        const va = vectorOf(a, model.modelId)
        const vb = va && vectorOf(b, model.modelId)
        if (va && vb) return { similarity: cosine(va, vb), model }
      }
      return null
    }

    const same = new DisjointSets(n) // same-pixels and near edges
    const similar = new DisjointSets(n)
    const nearEdges: [number, number][] = []
    let vectorsUsed = false
    const byPixels = new Map<string, number>()
    candidates.forEach((c, i) => {
      if (c.pixelHash === null) return
      const first = byPixels.get(c.pixelHash)
      if (first === undefined) byPixels.set(c.pixelHash, i)
      else same.union(first, i)
    })
    for (let k = 0; k < pairs.a.length; k++) {
      const i = pairs.a[k]!
      const j = pairs.b[k]!
      const a = candidates[i]!
      const b = candidates[j]!
      if (a.pixelHash !== null && a.pixelHash === b.pixelHash) continue
      const d = pairs.distance[k]!
      const vector = vectorAgreement(a.id, b.id)
      if (d <= s.nearDistance) {
        const ga = gray.get(a.id)
        const gb = gray.get(b.id)
        // Without both fingerprints (the pixels stage has not run yet) a pair is not confirmed:
        // precision first, and the stage runs soon after the thumbnails.
        const pixelsAgree = ga !== undefined && gb !== undefined && localDifference(ga, gb) <= MAX_LOCAL_DIFFERENCE
        const vectorsAgree = vector === null || vector.similarity >= vector.model.sameFloor
        if (pixelsAgree && vectorsAgree) {
          same.union(i, j)
          nearEdges.push([i, j])
          if (vector) vectorsUsed = true
          continue
        }
      }
      if (wantSimilar && (vector === null || vector.similarity >= vector.model.similarFloor)) similar.union(i, j)
    }
    const hasNearEdge = new Set(nearEdges.map(([i]) => same.find(i)))

    const rawGroups: { tier: DuplicateTier; members: number[] }[] = []
    if (input.tier === undefined || input.tier !== 'similar') {
      for (const members of same.groups()) rawGroups.push({ tier: hasNearEdge.has(same.find(members[0]!)) ? 'near' : 'same-pixels', members })
    }
    if (wantSimilar) {
      // A set of copies of one picture is a near group, not also a similar one.
      const nearSets = new Set(same.groups().map((g) => g.join(',')))
      for (const members of similar.groups()) if (!nearSets.has(members.join(','))) rawGroups.push({ tier: 'similar', members })
    }
    const wanted = rawGroups.filter((g) => input.tier === undefined || g.tier === input.tier)

    const allIds = wanted.flatMap((g) => g.members.map((i) => candidates[i]!.id))
    const sameBytes = input.tier === undefined || input.tier === 'same-bytes' ? duplicates.multiPathAssets() : []
    const factIds = [...allIds, ...sameBytes.map((a) => a.id)]
    const facts = duplicates.facts(factIds)
    const summaries = new Map(assets.summaries(factIds, { includeHidden: true }).map((a) => [a.id, a]))
    const rules = s.keeperRules
    const groups: DuplicateGroup[] = []

    for (const g of wanted) {
      const members = g.members.filter((i) => facts.has(candidates[i]!.id) && summaries.has(candidates[i]!.id))
      if (members.length < 2) continue
      const choice = chooseKeeper(members.map((i) => facts.get(candidates[i]!.id)!), rules, { preferredFolder: s.preferredFolder })
      const keeperIndex = members.find((i) => candidates[i]!.id === choice.keepId)!
      const listed = members.map((i) => {
        const id = candidates[i]!.id
        const f = facts.get(id)!
        return describe(f, summaries.get(id)!, f.paths[0] ?? '', distanceAt(table, i, keeperIndex))
      })
      const farthest = Math.max(...listed.map((a) => a.distance))
      const reason =
        g.tier === 'same-pixels'
          ? 'Different files with identical pixels'
          : g.tier === 'near'
            ? `The same picture resized, recompressed or re-encoded: ${hashes(farthest)}, fine detail alike${vectorsUsed ? ', image features agree' : ''}`
            : `Similar shots (bursts, reframed or retaken): ${hashes(farthest)}, but not the same picture`
      groups.push({ tier: g.tier, reason, suggestedKeep: choice.keepId, keptBy: choice.keptBy, assets: listed })
    }
    for (const { id, paths } of sameBytes) {
      const f = facts.get(id)
      const summary = summaries.get(id)
      if (!f || !summary) continue
      groups.push({
        tier: 'same-bytes',
        reason: `The same file at ${paths.length} paths: the extra copies can be removed`,
        suggestedKeep: id,
        keptBy: 'first-imported',
        assets: paths.map((path) => describe(f, summary, path, 0)),
      })
    }
    return groups.sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || b.assets.length - a.assets.length || a.suggestedKeep - b.suggestedKeep)
  }

  /**
   * "Keep this one": the keeper gets the others' favourite (any), best rating and confirmed people
   * (on its matching face), then the others go to the trash. One step, undone exactly by edits.undo.
   */
  function resolve(groupAssetIds: readonly number[], keepId: number): DuplicatesResolveResult {
    const result = undo.step(() => {
      const ids = [...new Set(groupAssetIds)]
      const shown = duplicates.shown(ids)
      if (!shown.has(keepId)) throw new Error('The photo to keep is not in the library (or is in the trash)')
      const others = ids.filter((id) => id !== keepId && shown.has(id))
      const ops: UndoOp[] = []

      const flags = assets.flagsOf([keepId, ...others])
      const keeper = flags.get(keepId)!
      const favorite = [...flags.values()].some((f) => f.favorite)
      const rating = Math.max(...[...flags.values()].map((f) => f.rating))
      if (favorite !== keeper.favorite || rating !== keeper.rating) {
        ops.push({ kind: FLAGS_KIND, payload: [[keepId, keeper]] satisfies [number, CurationFlags][] })
        if (favorite !== keeper.favorite) assets.setFavorite([keepId], favorite)
        if (rating !== keeper.rating) assets.setRating([keepId], rating)
      }

      // The keeper's description, when it has none: the first copy's that has one.
      const snapshots = deps.edits.snapshotOf([keepId, ...others])
      const keeperSnapshot = snapshots.get(keepId)
      let tookDescription = false
      if (keeperSnapshot && !keeperSnapshot.description?.trim()) {
        const description = others.map((id) => snapshots.get(id)?.description?.trim()).find((d) => d)
        if (description) {
          ops.push({ kind: EDITS_KIND, payload: [[keepId, keeperSnapshot]] satisfies [number, EditSnapshot][] })
          tookDescription = deps.edits.setDescription(keepId, description)
        }
      }

      // The albums of the copies: the keeper joins those it is not in yet.
      let albumsJoined = 0
      for (const albumId of new Set(others.flatMap((id) => deps.albums.ofAsset(id).map((a) => a.id)))) {
        if (deps.albums.append(albumId, [keepId]).length === 0) continue
        ops.push({ kind: ALBUM_MEMBERSHIP_KIND, payload: { albumId, remove: [keepId] } })
        albumsJoined++
      }

      // A person the user confirmed on a copy's face goes to the keeper's face in the same place,
      // unless the user already confirmed someone there.
      const keeperFaces = duplicates.facesIn([keepId])
      const facesBefore: [number, number | null, boolean][] = []
      for (const face of duplicates.facesIn(others)) {
        if (!face.pinned || face.personId === null) continue
        const target = keeperFaces.find((k) => !k.pinned && overlap(k.box, face.box) >= SAME_FACE_OVERLAP)
        if (!target) continue
        facesBefore.push([target.id, target.personId, target.pinned])
        duplicates.setFacePerson(target.id, face.personId, true)
        target.pinned = true
        target.personId = face.personId
      }
      if (facesBefore.length > 0) ops.push({ kind: FACES_KIND, payload: facesBefore })

      const before = deps.trash.trashStateOf(others)
      const trashed = others.filter((id) => before.get(id) === null)
      deps.trash.setTrashed(trashed, new Date().toISOString())
      if (trashed.length > 0) ops.push({ kind: TRASH_KIND, payload: trashed.map((id) => [id, null]) satisfies [number, string | null][] })
      const label = `Kept 1 photo and moved ${trashed.length === 1 ? '1 duplicate' : `${trashed.length} duplicates`} to the trash`
      return { changed: trashed.length, label, ops, trashed, merged: { favorite, rating, faces: facesBefore.length, albums: albumsJoined, description: tookDescription } }
    })
    deps.changed([keepId, ...result.trashed])
    return result
  }

  /**
   * "Remove extra copies" of one photo (a same-bytes group): each chosen path goes to the OS trash,
   * never unlinked, and leaves the photo's locations; the photo keeps its other paths. Refused when
   * no other path would stay, or none that stays is on disk with this content. A file goes only when
   * it is under a library folder and still holds the photo's bytes (checked by hash just before);
   * each one that cannot go is reported and the others go on.
   */
  async function removeCopies(assetId: number, paths: readonly string[], trashItem: TrashItem = moveToOsTrash): Promise<DuplicatesCopiesRemoved> {
    if (!duplicates.shown([assetId]).has(assetId)) throw new Error('The photo is not in the library (or is in the trash)')
    const sha256 = assets.shaOf(assetId)!
    const files = deps.trash.filesOf(assetId)
    const chosen = new Set(paths)
    const staying = files.filter((f) => !chosen.has(f.path))
    if (staying.length === 0) throw new Error('At least one copy must stay: choose which one to keep')
    const sameBytes = async (path: string) => (await hashFile(path).catch(() => null))?.sha256 === sha256
    let keeps = false
    for (const f of staying) if (!keeps) keeps = await sameBytes(f.path)
    if (!keeps) throw new Error('No copy that would stay is on disk with this content: nothing was moved')

    const byPath = new Map(files.map((f) => [f.path, f]))
    const removed: string[] = []
    const failures: DuplicatesCopiesRemoved['failures'] = []
    for (const path of chosen) {
      const file = byPath.get(path)
      if (!file) {
        failures.push({ path, reason: 'not a file of this photo' })
        continue
      }
      if (file.path === file.rootPath || !isInside(file.rootPath, file.path)) {
        failures.push({ path, reason: 'not inside a library folder' })
        continue
      }
      try {
        // Replaced since the scan: another picture's file is not this photo's extra copy.
        if (!(await sameBytes(path))) {
          failures.push({ path, reason: 'it no longer holds this photo (changed or gone since it was scanned)' })
          continue
        }
        await trashItem(path)
        deps.trash.forgetFile(path)
        removed.push(path)
      } catch (e) {
        failures.push({ path, reason: (e as Error).message || String(e) })
      }
    }
    // Its path words leave search; the group leaves the Duplicates screen.
    if (removed.length > 0) deps.changed([assetId])
    return { removed, failures, kept: assets.locationsOf(assetId).map((l) => l.path) }
  }

  return {
    handlers: { 'asset.pixels': pixels },
    list,
    resolve,
    removeCopies,
    /** Queues the pixels stage for photos that have not had it (imported before it existed). */
    backfillPixels(): number {
      const missing = duplicates.missingPixels()
      return missing.length > 0 ? deps.pipeline.pixelsNeeded(missing) : 0
    },
  }
}

export type DuplicatesService = ReturnType<typeof createDuplicatesService>
