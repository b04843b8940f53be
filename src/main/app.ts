// Composition root: catalog -> migrations -> repositories -> services -> task runner. No Electron
// import here: the Electron shell, the CLI and `serve` all start PhotoHouse through createApp().
import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_FACE_GROUPING, FaceGrouping, SearchWeights, sameFaceGrouping, type LibrarySettings, type ModelInfo, type TaskStats } from '../shared/domain'
import { createAlbumsService } from './albums'
import { createSmartAlbumsService } from './smart-albums'
import { backupBeforeMigration, createBackupService } from './backup'
import { createIntegrityService } from './integrity'
import { createSidecarsService } from './sidecars'
import { createAnalysisService } from './analysis'
import { createAssetService } from './assets'
import { createVideoService, findFfmpeg } from './video'
import { DEFAULT_VIDEO_SETTINGS, VideoSettings, type FfmpegInUse } from '../shared/video'
import { createMotionService } from './motion'
import { createFlagsService, createUndoService } from './curation'
import { createEditsService } from './edits'
import { createPhotoEventsService } from './photo-events'
import { createExportService } from './export'
import { createThemesService, CLASSIFIER_THEME_PARAMS, CLIP_THEME_PARAMS } from './themes'
import { createMemoriesService } from './memories'
import { createMapService } from './map'
import { createTrashService } from './trash'
import { createDuplicatesService, createStacksService } from './duplicates'
import { DEFAULT_DUPLICATE_SETTINGS, DEFAULT_STACK_SETTINGS, DuplicateSettings, StackSettings } from '../shared/duplicates'
import {
  assertCurrentVersion,
  createPeopleRepository,
  createAnalysisRepository,
  createAssetsRepository,
  createRootsRepository,
  createSearchRepository,
  createSettingsRepository,
  createVideosRepository,
  createMotionRepository,
  createUndoRepository,
  createAlbumsRepository,
  createSmartAlbumsRepository,
  createDuplicatesRepository,
  createStacksRepository,
  createPhotoEventsRepository,
  createExportRepository,
  createThemesRepository,
  createMemoriesRepository,
  createMapRepository,
  createTasksRepository,
  createTrashRepository,
  createEditsRepository,
  createIntegrityRepository,
  createSidecarsRepository,
  loadMigrations,
  migrate,
  openDatabase,
  type Db,
} from './catalog'
import { AppEvents, throttle } from './events/app-events'
import { closeHeicDecoders } from './ingest'
import { createLibraryService, isInside, removeDerivedFiles, removeStaleTempFiles, sweepDerivedFiles, type DirectoryReader } from './library'
import { faceModelPathsIn, resolveFaceModelsDir } from './ml/faces/model-files'
import { createInferenceHost, createModelManager, DEFAULT_CLASSIFIER_MODEL, DEFAULT_INFERENCE_BATCH, expandTagQuery, HostClosedError, type InferenceHostOptions, type ModelManifest } from './ml'
import { clusteringOptionsFor, createPeopleService } from './people'
import { createPlaceService, createPlacesLookup } from './places'
import { createSearchService, createTextIndex, DEFAULT_WEIGHTS } from './search'
import { parseQuery } from './search/query'
import { createVectorIndex, type VectorIndex } from './search/vector'
import { appRoot } from './platform/app-root'
import { acquireLibraryLock } from './platform/library-lock'
import { TaskRunner, createPipeline, type TaskHandler, type TaskHandlers } from './tasks'

export interface AppOptions {
  libraryDir: string
  /** Watch roots for changes while running (the app and `serve`; a one-shot CLI import needs no watcher). */
  watch?: boolean
  concurrency?: number
  log?: (message: string) => void
  /**
   * A reader (CLI search/status beside a running app) neither takes the library lock nor runs the
   * queue or housekeeping; it only reads.
   */
  readOnly?: boolean
  /** Holds models/manifest.json and bundled models (the packaged app's resources folder). */
  resourcesDir?: string
  /** Test hook: a manifest of other models (e.g. small generated CLIP encoders) instead of resources'. */
  modelManifest?: ModelManifest
  /** Inference host settings (providers, threads, batch size, a custom worker spawner). */
  inference?: Omit<InferenceHostOptions, 'models'>
  /** Test hook: shorter retry delays. */
  backoffBaseMs?: number
  /** Test hook: how long a file must have been gone before its asset is deleted (default 30 days). */
  missingGraceMs?: number
  /** Test hook: the directory reader of scans (to simulate EACCES/EIO, which root ignores). */
  readDir?: DirectoryReader
  /** Test hook: the clock of the trash (when a photo was trashed, days left, the 30-day expiry at start). */
  now?: () => Date
}

/** CLIP text->image hits: an absolute floor, and how far below the best match a hit may be. */
const CLIP_MIN_SCORE = 0.15
const CLIP_BAND = 0.08

/**
 * Assets whose files are gone this long are deleted for good, with their thumbnails, vectors and
 * faces: a deleted photo must not linger in the library, search or a person forever. Only a file
 * seen gone from a folder that could be read counts as gone (see the library service), and a file
 * that comes back within the grace finds its asset, faces and person again.
 */
const MISSING_GRACE_MS = 30 * 24 * 3600 * 1000

export function catalogPath(libraryDir: string): string {
  return join(libraryDir, 'catalog.sqlite')
}

/**
 * Opens a library's catalog, creating or migrating it as needed. `readOnly` (reporting commands,
 * beside a running app or not) opens an existing catalog of this version and writes nothing: a
 * catalog that needs migrating, or is newer, is refused with the reason.
 */
export function openCatalog(libraryDir: string, options: { readOnly?: boolean } = {}): Db {
  const migrations = loadMigrations(join(appRoot(), 'migrations'))
  const file = catalogPath(libraryDir)
  if (options.readOnly) {
    if (!existsSync(file)) throw new Error(`No PhotoHouse library at ${libraryDir} (import a folder first, or pick another with --library)`)
    const db = openDatabase(file, { readonly: true })
    try {
      assertCurrentVersion(db, migrations)
    } catch (e) {
      db.close()
      throw e
    }
    return db
  }
  mkdirSync(libraryDir, { recursive: true })
  const db = openDatabase(file)
  try {
    // The catalog of the older version is kept before its schema changes (issue 14).
    backupBeforeMigration(db, libraryDir, migrations)
    migrate(db, migrations)
  } catch (e) {
    db.close()
    throw e
  }
  return db
}

export function createApp(options: AppOptions) {
  // Cached files older than this and of content not in the catalog are orphans (see sweepDerivedFiles).
  const startedAt = Date.now()
  const log = options.log ?? ((m: string) => console.error(`[photohouse] ${m}`))
  if (!options.readOnly) mkdirSync(options.libraryDir, { recursive: true })
  const lock = options.readOnly ? { release() {} } : acquireLibraryLock(options.libraryDir)
  let db: Db
  try {
    db = openCatalog(options.libraryDir, { readOnly: options.readOnly })
  } catch (e) {
    lock.release()
    throw e
  }
  const cacheDir = join(options.libraryDir, 'cache')
  const assets = createAssetsRepository(db)
  const roots = createRootsRepository(db)
  const tasks = createTasksRepository(db)
  const searchRepo = createSearchRepository(db)
  const analysis = createAnalysisRepository(db)
  const peopleRepo = createPeopleRepository(db)
  const settings = createSettingsRepository(db)
  const undoJournal = createUndoRepository(db)
  // Curation domains register their undo kinds on this one journal (see src/main/curation).
  const undoService = createUndoService({ db, journal: undoJournal })
  // Any curation step (marks, edits, trash, albums) or its undo may change what a photo's XMP sidecar
  // says: the catalog's triggers mark those photos, and this queues their write (when the library keeps sidecars).
  // (Set once the sidecars service exists: nothing changes before createApp has returned.)
  let sidecarsChanged = (): void => {}
  const undo: typeof undoService = {
    ...undoService,
    step: (run) => {
      const result = undoService.step(run)
      sidecarsChanged()
      return result
    },
    undo: (stepId) => {
      const label = undoService.undo(stepId)
      sidecarsChanged()
      return label
    },
  }
  const flags = createFlagsService({ assets, undo })
  const videoSettings = (): VideoSettings => {
    const parsed = VideoSettings.safeParse(settings.get('videos'))
    return parsed.success ? parsed.data : DEFAULT_VIDEO_SETTINGS
  }
  const ffmpegInUse = (): FfmpegInUse | null => {
    const found = findFfmpeg(videoSettings().ffmpeg)
    return found ? { source: found.source, path: found.ffmpeg } : null
  }
  const librarySettings = (): LibrarySettings => {
    const weights = SearchWeights.safeParse(settings.get('searchWeights'))
    const grouping = FaceGrouping.safeParse(settings.get('faceGrouping'))
    const duplicateSettings = DuplicateSettings.safeParse(settings.get('duplicates'))
    const stackSettings = StackSettings.safeParse(settings.get('stacks'))
    return {
      searchWeights: weights.success ? weights.data : DEFAULT_WEIGHTS,
      faceGrouping: grouping.success ? grouping.data : DEFAULT_FACE_GROUPING,
      duplicates: duplicateSettings.success ? duplicateSettings.data : DEFAULT_DUPLICATE_SETTINGS,
      stacks: stackSettings.success ? stackSettings.data : DEFAULT_STACK_SETTINGS,
      videos: videoSettings(),
      ffmpegInUse: ffmpegInUse(),
    }
  }
  const textIndex = createTextIndex(searchRepo, {
    places: (id) => searchRepo.placesOf(id),
    ocr: (id) => analysis.ocrOf(id).map((l) => l.text),
    people: (id) => peopleRepo.namesInAsset(id),
  })
  const events = new AppEvents()

  let changeReason: 'import' | 'delete' | 'roots' | 'update' = 'update'
  // Album changes of one burst (an undo of many ops, an import into a synced folder) go out as one event.
  const albumsChange: { reason: 'edit' | 'undo' | 'sync'; albumIds: Set<number> } = { reason: 'edit', albumIds: new Set() }
  const emitAlbumsChanged = throttle(300, () => {
    events.emit('albums.changed', { reason: albumsChange.reason, albumIds: [...albumsChange.albumIds] })
    albumsChange.albumIds.clear()
  })
  // Smart albums read through this repository with the clock and resolved free text of the service below.
  const albumsRepo = createAlbumsRepository(db, { smartContext: () => smartAlbums.context() })
  const albums = createAlbumsService({
    albums: albumsRepo,
    roots,
    undo,
    changed: ({ reason, albumIds }) => {
      albumsChange.reason = reason
      for (const id of albumIds) albumsChange.albumIds.add(id)
      emitAlbumsChanged()
    },
  })
  const emitLibraryChanged = throttle(300, () => {
    events.emit('library.changed', { reason: changeReason })
    // A smart album is what its rule matches now: any photo change may change it (an open one refetches).
    smartAlbums.invalidate()
    const smartIds = smartAlbums.ids()
    if (smartIds.length > 0) {
      albumsChange.reason = 'sync'
      for (const id of smartIds) albumsChange.albumIds.add(id)
      emitAlbumsChanged()
    }
    // A synced album is the photos under its folder: an import (a move, a delete) there changes it.
    const synced = albums.syncedChanged()
    if (synced.length > 0) {
      albumsChange.reason = 'sync'
      for (const id of synced) albumsChange.albumIds.add(id)
      emitAlbumsChanged()
    }
  })
  const libraryChanged = (reason: typeof changeReason) => {
    changeReason = reason
    // Free text and duplicate answers of smart albums are searched again at their next read.
    smartAlbums.invalidate()
    emitLibraryChanged()
    // Photos arrived, changed or left: the events are cut again (the task skips when nothing changed).
    eventsNeeded()
  }
  // Not once closing: a task queued then would wait, pending, for the next start (which queues one anyway).
  const eventsNeeded = throttle(1000, () => closed || pipeline.eventsNeeded())

  const models = createModelManager({
    userModelsDir: join(options.libraryDir, 'models'),
    resourcesDir: options.resourcesDir,
    ...(options.modelManifest ? { manifest: options.modelManifest } : {}),
  })
  // CLIP takes over text->image and image->image ranking once all three of its parts are installed.
  const clipModel = (): { visual: string; textual: string; tokenizer: string; version: string } | null => {
    const ids = { visual: 'clip-vit-b32-visual', textual: 'clip-vit-b32-textual', tokenizer: 'clip-vit-b32-tokenizer' }
    if (Object.values(ids).some((id) => models.resolve(id).status === 'missing')) return null
    return { ...ids, version: models.manifest.models.find((m) => m.id === ids.visual)?.version ?? '' }
  }
  let clipActive = clipModel()
  // The pipeline wakes the runner, which is built from the handlers of the services that use the
  // pipeline: the closure reads `runner` only once createApp has returned.
  const pipeline = createPipeline(tasks, () => runner.wake(), { clip: () => clipActive !== null })
  // The library folder may sit inside a root: never import its thumbnails (realpath: roots are real paths).
  // Live photos' MOVs and motion photos' MP4s: the moving part of a still, not assets of their own.
  const motion = createMotionService({ motion: createMotionRepository(db), assets, libraryChanged })
  const libraryRealPath = realpathSync(options.libraryDir)
  const library = createLibraryService({
    roots,
    assets,
    pipeline,
    libraryChanged,
    log,
    watch: options.watch ?? false,
    excludedDirs: [libraryRealPath],
    // A relinked folder's photos have new paths, which are search words.
    pathsChanged: (ids) => ids.forEach((id) => textIndex.refresh(id)),
    // A live photo's MOV is no asset, but its deletion takes the photo's motion with it.
    companionFiles: { under: (dir) => motion.liveMoviesUnder(dir), gone: (paths) => motion.moviesGone(paths) },
    ...(options.readDir ? { readDir: options.readDir } : {}),
  })
  const assetService = createAssetService({
    assets,
    motion,
    pipeline,
    events,
    cacheDir,
    textIndex,
    libraryChanged,
    // analysisService is created below; the thumbnail stage only runs once createApp has returned.
    thumbnailsDecoded: (sha256, upright) => analysisService.prepareModelInputs(sha256, upright),
    // Created below (it needs the inference host); read only when a task runs.
    get video() {
      return videoService
    },
  })
  // The inference process starts on the first request, not here: opening a library stays fast.
  const host = createInferenceHost({ models, resourcesDir: options.resourcesDir, ...options.inference })
  const videoService = createVideoService({
    assets,
    videos: createVideosRepository(db),
    pipeline,
    cacheDir,
    // Settings → Videos: the user's own ffmpeg on PATH instead of the bundled one.
    preference: () => videoSettings().ffmpeg,
    host,
    // As the tags stage's (below): keyframe vectors sit beside the poster's.
    classifierVersion: '12-int8',
    clip: () => clipActive,
    thumbnailsDecoded: (sha256, upright) => analysisService.prepareModelInputs(sha256, upright),
    libraryChanged,
    log,
  })
  // One persistent HNSW index per embedding model, next to the catalog; rebuilt from the catalog
  // when missing or corrupt.
  const vectorIndexes = new Map<string, Promise<VectorIndex>>()
  const openVectorIndex = (modelId: string): Promise<VectorIndex> => {
    let index = vectorIndexes.get(modelId)
    if (!index) {
      index = (async () => {
        const created = createVectorIndex({
          dir: join(options.libraryDir, 'vectors'),
          modelId,
          dimensions: analysis.embeddingDimensions(modelId) ?? (modelId === DEFAULT_CLASSIFIER_MODEL ? 1280 : 512),
          onSaveError: (e) => log(`saving the vector index failed: ${e.message}`),
          readOnly: options.readOnly,
        })
        const opened = await created.loadOrRebuild(() => analysis.embeddings(modelId))
        if (opened.status === 'rebuilt' && opened.cause !== 'missing') log(`vector index ${modelId} ${opened.cause} (${opened.reason}); rebuilt ${opened.count} vectors`)
        return created
      })()
      index.catch(() => vectorIndexes.delete(modelId))
      vectorIndexes.set(modelId, index)
    }
    return index
  }
  const analysisService = createAnalysisService({
    assets,
    analysis,
    host,
    cacheDir,
    vectorIndex: openVectorIndex,
    classifierVersion: '12-int8',
    clip: () => clipActive,
    videoFrames: (assetId) => videoService.framesOf(assetId),
    analysed: (assetId) => {
      textIndex.refresh(assetId)
      libraryChanged('update')
      // The classifier's tags go into sidecars when the user asked for them.
      sidecars.tagsChanged(assetId)
    },
    log,
  })
  const duplicates = createDuplicatesService({
    duplicates: createDuplicatesRepository(db),
    assets,
    albums: createAlbumsRepository(db),
    edits: createEditsRepository(db),
    trash: createTrashRepository(db),
    undo,
    pipeline,
    settings: () => librarySettings().duplicates,
    // CLIP when active (calibrated floors are an estimate: no CLIP model in the tests), else the
    // classifier's features, which every analysed photo has: copies measured >= 0.90, two frames of
    // a burst 0.86-0.93, so they only veto, and the fingerprint check tells bursts from copies.
    vectorModels: () => [
      ...(clipActive ? [{ modelId: clipActive.visual, sameFloor: 0.9, similarFloor: 0.75 }] : []),
      { modelId: DEFAULT_CLASSIFIER_MODEL, sameFloor: 0.85, similarFloor: 0.7 },
    ],
    embedding: (assetId, modelId) => analysis.embeddingOf(assetId, modelId),
    changed: (assetIds) => {
      for (const id of assetIds) textIndex.refresh(id)
      libraryChanged('delete')
    },
  })
  const stacks = createStacksService({
    stacks: createStacksRepository(db),
    enabled: () => librarySettings().stacks.enabled,
    changed: () => libraryChanged('update'),
  })
  const photoEvents = createPhotoEventsService({
    events: createPhotoEventsRepository(db),
    undo,
    // Not libraryChanged: that would queue another recompute.
    changed: () => {
      changeReason = 'update'
      emitLibraryChanged()
    },
  })
  const memories = createMemoriesService({ memories: createMemoriesRepository(db), ...(options.now ? { now: options.now } : {}) })
  const map = createMapService({ map: createMapRepository(db) })
  const themes = createThemesService({
    themes: createThemesRepository(db),
    // CLIP's vectors once every photo with the classifier's has one (never a mix of two models'),
    // else the classifier's features, which every analysed photo has.
    vectorModel: () =>
      clipActive && analysis.embeddingCount(clipActive.visual) >= analysis.embeddingCount(DEFAULT_CLASSIFIER_MODEL)
        ? { modelId: clipActive.visual, params: CLIP_THEME_PARAMS, similarFloor: 0.75 }
        : { modelId: DEFAULT_CLASSIFIER_MODEL, params: CLASSIFIER_THEME_PARAMS, similarFloor: 0.7 },
    // Not libraryChanged: that would queue another events recompute, and so another themes one.
    changed: () => {
      changeReason = 'update'
      emitLibraryChanged()
    },
  })
  const emitPeopleChanged = throttle(300, (reason: 'faces' | 'cluster' | 'edit') => events.emit('people.changed', { reason }))
  const peopleService = createPeopleService({
    people: peopleRepo,
    assets,
    host,
    cacheDir,
    clusterNeeded: () => pipeline.clusterNeeded(),
    clustering: () => clusteringOptionsFor(librarySettings().faceGrouping),
    saveFaceTags: (assetId, tags, modelId) => analysis.saveFaceTags(assetId, tags, modelId),
    videoFrames: (assetId) => videoService.framesOf(assetId),
    changed: (reason, assetIds = []) => {
      // Person names are search words of their photos.
      for (const id of assetIds) textIndex.refresh(id)
      emitPeopleChanged(reason)
      if (reason !== 'faces') libraryChanged('update')
      // Named face regions read from XMP name the faces just found; a name or face change rewrites sidecars.
      if (reason === 'faces') sidecars.facesFound(assetIds)
      sidecarsChanged()
    },
    log,
  })
  const placesLookup = createPlacesLookup()
  const trash = createTrashService({
    trash: createTrashRepository(db),
    undo,
    cacheDir,
    ...(options.now ? { now: options.now } : {}),
    libraryChanged,
    log,
    companionFiles: (assetId) => motion.companionFiles(assetId),
  })
  const edits = createEditsService({
    edits: createEditsRepository(db),
    undo,
    textIndex,
    lookupPlace: async (lat, lon) => (await placesLookup.lookup(lat, lon, null)).place,
    libraryChanged,
  })
  const exports = createExportService({
    repo: createExportRepository(db),
    sources: {
      // What each page shows: an album without its hidden photos, an event, a person's photos.
      album: (albumId) => {
        const album = albums.get(albumId)
        return album && { name: album.name, ids: albums.photos(albumId, 0, -1).map((p) => p.id) }
      },
      event: (eventId) => {
        const event = photoEvents.get(eventId)
        return event && { name: event.title, ids: photoEvents.photos(eventId, 0, -1).map((p) => p.id) }
      },
      person: (personId) => {
        const person = peopleService.get(personId)
        return person && { name: person.name ?? `Person ${personId}`, ids: peopleRepo.photosOf(personId, -1).map((p) => p.id) }
      },
    },
    protectedDirs: () => [libraryRealPath, ...roots.list().map((r) => r.path)],
    progress: (event) => events.emit('export.progress', event),
    log,
  })
  const placeService = createPlaceService({
    assets,
    lookup: placesLookup,
    placeChanged: (assetId) => {
      textIndex.refresh(assetId)
      libraryChanged('update')
      // At once, not throttled: an import is not over (idle) before its events know their places.
      pipeline.eventsNeeded()
    },
  })
  const search = createSearchService({
    search: searchRepo,
    assets,
    expandTagQuery,
    personIdsByName: (name) => peopleRepo.idsByName(name),
    weights: () => librarySettings().searchWeights,
    events: (query, limit) => photoEvents.match(query, limit),
    videoMoments: (assetIds, text, personIds) => {
      const clip = clipActive
      // A search for people opens each video where they are seen.
      const seen = personIds.length > 0 ? peopleRepo.videoMomentsWith(assetIds, personIds) : undefined
      return videoService.moments(assetIds, {
        labels: expandTagQuery(text).map((t) => t.label),
        words: text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3),
        ...(clip ? { clip: { modelId: clip.visual, textVector: async () => (await host.clipText(clip.textual, clip.tokenizer, [text])).vectors[0] ?? null } } : {}),
      }, seen)
    },
    semantic: {
      similarTo: async (assetId, limit) => {
        // CLIP's vectors when the photo has one, else the classifier's features.
        const clip = clipActive && analysis.embeddingOf(assetId, clipActive.visual)
        const modelId = clip ? clipActive!.visual : DEFAULT_CLASSIFIER_MODEL
        const vector = clip || analysis.embeddingOf(assetId, DEFAULT_CLASSIFIER_MODEL)
        if (!vector) return []
        // Below this cosine two photos share little more than "a photo".
        const floor = clip ? 0.5 : 0.3
        return (await openVectorIndex(modelId)).search(vector, limit).filter((h) => h.score >= floor).map((h) => ({ assetId: h.id, score: h.score }))
      },
      textToImage: async (text, limit) => {
        const clip = clipActive
        if (!clip) return []
        const { vectors } = await host.clipText(clip.textual, clip.tokenizer, [text])
        const found = (await openVectorIndex(clip.visual)).search(vectors[0]!, limit)
        // Only vectors of the active version: while a new version re-embeds, older ones are skipped.
        const current = analysis.withEmbeddingVersion(found.map((h) => h.id), clip.visual, clip.version)
        // A video ranks by its best frame: the poster (in the index) or a keyframe.
        const scores = new Map(found.filter((h) => current.has(h.id)).map((h) => [h.id, h.score]))
        for (const k of videoService.keyframeMatches(vectors[0]!, clip)) if (k.score > (scores.get(k.assetId) ?? -Infinity)) scores.set(k.assetId, k.score)
        const hits = [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score).slice(0, limit)
        // CLIP text-image similarities are small and bunched: keep what is close to the best match
        // (and above a floor), not a wall of everything that is vaguely a photo.
        const best = hits[0]?.score ?? 0
        return hits.filter((h) => h.score >= CLIP_MIN_SCORE && h.score >= best - CLIP_BAND).map((h) => ({ assetId: h.id, score: h.score }))
      },
    },
    understand: (text, { libraryYears }) => {
      const places = searchRepo.knownPlaces()
      return parseQuery(text, {
        now: new Date(),
        // "summer" or "march" without a year: every year the library spans.
        libraryYears,
        knownPlaces: (phrase) => {
          const name = places.get(phrase.toLowerCase())
          return name ? [name] : false
        },
        knownCameras: searchRepo.knownCameras(),
        knownPeople: peopleRepo.allNames(),
      })
    },
  })

  const sidecars = createSidecarsService({
    repo: createSidecarsRepository(db),
    settings,
    writeNeeded: () => pipeline.sidecarsNeeded(),
    changed: (assetIds, { people }) => {
      // Descriptions are search words; names read from XMP show on the people screens.
      for (const id of assetIds) textIndex.refresh(id)
      if (people) emitPeopleChanged('edit')
      libraryChanged('update')
      sidecarsChanged()
    },
    log,
  })
  // Not throttled: the write task is one live task however often this asks (a dedupe key), and a
  // sidecar should follow a rating as soon as the queue gets to it.
  sidecarsChanged = () => sidecars.changesMade()

  const smartAlbums = createSmartAlbumsService({
    albums: albumsRepo,
    smart: createSmartAlbumsRepository(db),
    undo,
    // Free text in a rule means what the search box finds for it (hybrid: words, tags, CLIP, events).
    searchIds: async (text, limit) => (await search.query(text, { limit, filters: { includeHidden: true } })).hits.map((h) => h.asset.id),
    duplicateIds: (tier) =>
      duplicates.list(tier === 'any' ? { includeSimilar: true } : { tier }).flatMap((g) => g.assets.map((a) => a.asset.id)),
    deleteAlbum: (albumId) => albums.delete(albumId),
    changed: (albumIds, reason) => {
      albumsChange.reason = reason
      for (const id of albumIds) albumsChange.albumIds.add(id)
      emitAlbumsChanged()
    },
    ...(options.now ? { now: options.now } : {}),
    log,
  })

  const downloadModel: TaskHandler<'model.download'> = async ({ id }, ctx) => {
    await models.download(id, { signal: ctx.signal, onProgress: (p) => p.totalBytes && ctx.progress(p.receivedBytes / p.totalBytes) })
    app.modelsChanged()
  }
  // Every task type's handler, registered once; the runner refuses to start if one is missing.
  const handlers: TaskHandlers = {
    'model.download': downloadModel,
    ...library.handlers,
    ...assetService.handlers,
    ...placeService.handlers,
    ...analysisService.handlers,
    ...videoService.handlers,
    ...peopleService.handlers,
    ...duplicates.handlers,
    ...stacks.handlers,
    ...photoEvents.handlers,
    ...sidecars.handlers,
    // Themes are found across events: after each events pass (which also follows new tags), not before.
    'library.events': async (payload, ctx) => {
      await photoEvents.handlers['library.events'](payload, ctx)
      if (!closed) pipeline.themesNeeded()
    },
    ...themes.handlers,
  }
  const runner = new TaskRunner(tasks, handlers, {
    concurrency: options.concurrency ?? Math.max(1, cpus().length),
    // Tags and CLIP tasks mostly wait on the inference process, which batches the images asked of
    // it at once: a lane of one batch's worth of workers keeps its batches full without holding
    // the general workers (thumbnails, ingest) while it waits.
    lanes: [{ types: ['asset.tags', 'asset.clip'], concurrency: options.inference?.batchSize ?? DEFAULT_INFERENCE_BATCH }],
    backoffBaseMs: options.backoffBaseMs,
  })
  let started = false
  const backups = createBackupService({
    db,
    libraryDir: options.libraryDir,
    catalogFile: catalogPath(options.libraryDir),
    migrations: loadMigrations(join(appRoot(), 'migrations')),
    ...(options.now ? { now: options.now } : {}),
    log,
    // A restore swaps the catalog under this app: nothing may write to it or hold what was derived from it.
    pause: async () => {
      await housekeeping
      await library.stopAll()
      await runner.stop()
      for (const pending of vectorIndexes.values()) await (await pending.catch(() => undefined))?.close()
      vectorIndexes.clear()
    },
    resume: () => {
      // The vector indexes are derived from the catalog's embeddings: rebuilt from the restored ones on first use.
      rmSync(join(options.libraryDir, 'vectors'), { recursive: true, force: true })
      if (started) {
        started = false
        app.start()
      }
      libraryChanged('update')
      emitPeopleChanged('cluster')
    },
    cacheDir,
    thumbnailsNeeded: (ids) => void pipeline.thumbnailsNeeded(ids),
  })
  const integrity = createIntegrityService({
    repo: createIntegrityRepository(db),
    roots: () => roots.list(),
    cacheDir,
    vectorModel: () => (models.resolve(DEFAULT_CLASSIFIER_MODEL).status !== 'missing' ? DEFAULT_CLASSIFIER_MODEL : null),
    sidecars: {
      outOfDate: async () => (sidecars.settings().write ? sidecars.outOfDate() : null),
      ...(options.readOnly ? {} : { repair: (ids: number[]) => sidecars.repair(ids) }),
    },
    // Repairs are tasks: a reader (the CLI beside the app) only checks.
    ...(options.readOnly
      ? {}
      : {
          repairs: {
            reimport: (rootId: number, paths: string[]) => void pipeline.filesSeen(rootId, paths),
            thumbnails: (ids: number[]) => void pipeline.thumbnailsNeeded(ids),
            vectors: (ids: number[]) => void pipeline.stageNeeded('asset.tags', ids),
            rescan: (rootId: number) => pipeline.rootAdded(rootId),
          },
        }),
  })
  const stats = (): TaskStats => ({ ...tasks.stats(), assets: assets.countsByState() })
  const emitProgress = throttle(250, () => events.emit('tasks.progress', stats()))
  runner.on('changed', emitProgress)

  // Housekeeping that keeps a long-lived library small.
  let housekeeping: Promise<unknown> = Promise.resolve()
  if (!options.readOnly) {
    for (const sha of assets.purgeMissing(new Date(Date.now() - (options.missingGraceMs ?? MISSING_GRACE_MS)))) removeDerivedFiles(cacheDir, sha)
    tasks.pruneFinished()
    // Photos in the trash longer than its retention leave the catalog (their files stay on disk).
    const expired = trash.purgeExpired()
    if (expired > 0) log(`${expired} photos left the trash after 30 days (their files were kept)`)
    // Libraries whose faces were found before the faces stage made tags get them from the stored faces.
    const backfilled = peopleService.backfillFaceTags()
    if (backfilled > 0) log(`face tags given to ${backfilled} photos analysed before they existed`)
    // Temporary files a crash left between write and rename, in the library's own folders only.
    housekeeping = removeStaleTempFiles(libraryRealPath, {
      skipDirs: roots.list().map((r) => r.path).filter((p) => isInside(libraryRealPath, p)),
      log,
    })
      .then(() => peopleService.removeLegacyFaceCrops())
      // Cached files of content no longer in the catalog: earlier builds kept a removed video's
      // keyframes and playable copies, and a crash can fall between a delete and its files'.
      .then(() => sweepDerivedFiles({ cacheDir, knownSha256: () => assets.contentHashes(), knownCropKeys: () => peopleRepo.cropKeys(), before: startedAt }))
      .then((n) => {
        if (n > 0) log(`${n} cached files of photos no longer in the library were removed`)
      })
      .catch((e: unknown) => log(`housekeeping (temporary files, old face crops, orphaned cache files) failed: ${(e as Error).message}`))
  }

  let closed = false
  let warming: Promise<void> | undefined
  const app = {
    libraryDir: options.libraryDir,
    cacheDir,
    db,
    events,
    repositories: { assets, roots, tasks, search: searchRepo, analysis, people: peopleRepo },
    /** Settles when the start's background housekeeping (stale temporary files, old face crops, orphaned cache files) is done. */
    housekeeping,
    people: peopleService,
    undo,
    flags,
    trash,
    edits,
    albums,
    smartAlbums,
    duplicates,
    stacks,
    motion,
    video: videoService,
    photoEvents,
    exports,
    themes,
    memories,
    map,
    backups,
    integrity,
    sidecars,
    models,
    host,
    /** Model inputs the thumbnail stage prepared for the tags and CLIP stages (hits, misses). */
    modelInputs: analysisService.modelInputs,
    library,
    search,
    pipeline,
    runner,
    stats,
    settings: {
      get: librarySettings,
      set(change: Partial<LibrarySettings>): LibrarySettings {
        if (change.searchWeights) settings.set('searchWeights', change.searchWeights)
        if (change.duplicates) settings.set('duplicates', DuplicateSettings.parse(change.duplicates))
        if (change.videos && change.videos.ffmpeg !== videoSettings().ffmpeg) {
          settings.set('videos', VideoSettings.parse(change.videos))
          // Videos listed while no ffmpeg was found may have one now.
          if (started) videoService.resumeWithoutFacts()
        }
        if (change.stacks && change.stacks.enabled !== librarySettings().stacks.enabled) {
          settings.set('stacks', StackSettings.parse(change.stacks))
          // The timeline regroups (or ungroups) its tiles.
          libraryChanged('update')
        }
        if (change.faceGrouping && !sameFaceGrouping(change.faceGrouping, librarySettings().faceGrouping)) {
          settings.set('faceGrouping', change.faceGrouping)
          // Every face is regrouped under the new thresholds (pins and rejections still hold).
          pipeline.reclusterRequested()
        }
        return librarySettings()
      },
    },
    async modelInfo(): Promise<ModelInfo[]> {
      // From source, the face models may sit in the npm-pack cache the face stage fills on first use,
      // which the model manager does not search: report them as installed from there.
      const faceDir = resolveFaceModelsDir({ appRoot: appRoot(), userModelsDir: models.userModelsDir, resourcesDir: models.resourcesDir }).dir
      const faceFiles = faceModelPathsIn(faceDir)
      const faceCache: Record<string, string> = {
        'faceplugin-detect': faceFiles.detector,
        'faceplugin-landmarks': faceFiles.landmarks,
        'faceplugin-embed': faceFiles.embedder,
        'blazeface-front-128': faceFiles.verifier,
      }
      return (await models.list()).map((m) => {
        const cached = faceCache[m.id]
        const inCache = !m.installed && cached !== undefined && existsSync(cached)
        return {
          id: m.id,
          task: m.task,
          version: m.version,
          license: m.license,
          installed: m.installed || inCache,
          location: inCache ? faceDir : (m.dir ?? (m.location === null ? null : String(m.location))),
          sizeBytes: m.sizeBytes ?? 0,
          device: analysis.lastDevice(m.id),
        }
      })
    },
    /**
     * A model was installed, removed or switched: each stage runs on every photo it has not seen
     * with the active model, and search uses only the active model's vectors.
     */
    modelsChanged(): void {
      if (models.resolve(DEFAULT_CLASSIFIER_MODEL).status !== 'missing') {
        pipeline.stageNeeded('asset.tags', analysis.assetsMissingStage('tags', DEFAULT_CLASSIFIER_MODEL))
      }
      clipActive = clipModel()
      if (clipActive) pipeline.stageNeeded('asset.clip', analysis.assetsMissingStage('clip', `${clipActive.visual}@${clipActive.version}`))
      // Video keyframes are read by the same models.
      videoService.keyframesNeeded({
        classifier: models.resolve(DEFAULT_CLASSIFIER_MODEL).status !== 'missing' ? { id: DEFAULT_CLASSIFIER_MODEL, version: '12-int8' } : null,
        clip: clipActive,
      })
    },
    /**
     * Starts the inference process and loads the classifier on every lane (once; later calls give
     * the same promise). start() begins it in the background, so that the first photos of an
     * import find it ready instead of paying for it beside their thumbnails.
     */
    warmUp(): Promise<void> {
      warming ??= host.warmUp().catch((error: unknown) => {
        // Closed while warming (a short-lived app): nothing was missed.
        if (!(error instanceof HostClosedError)) log(`warming up the inference process failed: ${(error as Error).message}`)
      })
      return warming
    },
    /** Starts the workers and reconciles every root with the disk. */
    start(): void {
      if (options.readOnly) throw new Error('A read-only PhotoHouse cannot run the task queue')
      started = true
      void this.warmUp()
      runner.start()
      library.startAll()
      this.modelsChanged()
      // Faces stored just before a crash, before their clustering pass was queued.
      if (peopleRepo.pendingFaceCount() > 0) pipeline.clusterNeeded()
      // Photos imported before the duplicate review's pixels stage existed.
      duplicates.backfillPixels()
      // Videos listed while no ffmpeg was found: analysed once there is one.
      videoService.resumeWithoutFacts()
      // Libraries imported before stacks existed, or changed while the app was closed.
      pipeline.stacksNeeded()
      // Libraries imported before events existed, or changed while the app was closed.
      pipeline.eventsNeeded()
      // A backup at start when the newest is a day old, then daily while running.
      backups.startSchedule()
    },
    async close(): Promise<void> {
      if (closed) return
      closed = true
      await backups.close()
      await exports.close()
      await housekeeping
      await library.stopAll()
      await runner.stop()
      // The runner's stop aborted running tasks (and so their ffmpeg); anything left is killed.
      videoService.stop()
      emitLibraryChanged.flush()
      eventsNeeded.flush()
      emitProgress.flush()
      emitPeopleChanged.flush()
      emitAlbumsChanged.flush()
      await closeHeicDecoders()
      await placesLookup.close()
      await host.close()
      analysisService.modelInputs.close()
      for (const pending of vectorIndexes.values()) await (await pending.catch(() => undefined))?.close()
      db.close()
      lock.release()
    },
  }
  return app
}

export type PhotoHouseApp = ReturnType<typeof createApp>
