import type { PhotoHouseApp } from '../app'
import { appVersion } from '../platform/app-root'
import { ContractError, type ContractHandlers } from './dispatcher'
import { requestPlayable } from './media'
import { ExportNotFoundError } from '../export'

export interface ShellCapabilities {
  mode: 'electron' | 'browser'
  /** The native folder picker; absent in browser mode. */
  pickFolders?: () => Promise<string[]>
  /** Moves a file to the OS trash (Electron's shell.trashItem); absent: the `trash` package does it. */
  trashItem?: (path: string) => Promise<void>
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** A service's null (no such thing) as the caller's error, 404. */
function found<T>(value: T | null, message: string): T {
  if (value === null) throw new ContractError('not-found', message)
  return value
}

/** Thin handlers: each call goes to one service or repository method. */
export function createContractHandlers(app: PhotoHouseApp, shell: ShellCapabilities): ContractHandlers {
  const { assets, tasks } = app.repositories
  return {
    'app.info': () => ({ version: appVersion(), libraryDir: app.libraryDir, mode: shell.mode }),
    'roots.list': () => app.library.list(),
    'roots.add': ({ paths }) => app.library.addRoots(paths),
    'roots.remove': async ({ rootId }) => ({ removed: await app.library.removeRoot(rootId) }),
    'roots.relink': ({ rootId, newPath }) => app.library.relinkRoot(rootId, newPath),
    'dialog.pickFolders': async () =>
      shell.pickFolders ? { supported: true, paths: await shell.pickFolders() } : { supported: false, paths: [] },
    'assets.timeline': ({ includeHidden, only, expandedStacks }) => assets.timeline({ includeHidden, only, stacks: app.stacks.listing(expandedStacks) }),
    'assets.page': ({ offset, limit, includeHidden, only, expandedStacks }) =>
      assets.page(offset, limit, { includeHidden, only, stacks: app.stacks.listing(expandedStacks) }),
    // Marks send no library change of their own: smart albums (rules over marks) tell open views.
    'assets.setFavorite': ({ ids, favorite }) => app.smartAlbums.photosChanged(app.flags.setFavorite(ids, favorite)),
    'assets.setRating': ({ ids, rating }) => app.smartAlbums.photosChanged(app.flags.setRating(ids, rating)),
    'assets.setHidden': ({ ids, hidden }) => {
      const result = app.smartAlbums.photosChanged(app.flags.setHidden(ids, hidden))
      // Hidden photos are in no event.
      if (result.changed > 0) app.pipeline.eventsNeeded()
      return result
    },
    'edits.undo': ({ stepId }) => {
      const undone = app.undo.undo(stepId)
      // An undo may bring photos back (trash, hidden, a date): the events are cut again.
      if (undone !== null) app.pipeline.eventsNeeded()
      if (undone !== null) app.smartAlbums.photosChanged({ changed: 1 })
      return { undone }
    },
    'edits.latest': () => app.undo.latest(),

    // ── Albums (issue 12) ──
    // Smart albums among them read free text through the search first (see smartAlbums.ready).
    'albums.list': async () => (await app.smartAlbums.ready(), app.albums.list()),
    'albums.get': async ({ albumId }) => (await app.smartAlbums.ready(), app.albums.get(albumId)),
    'albums.photos': async ({ albumId, offset, limit, includeHidden }) => (await app.smartAlbums.ready(), app.albums.photos(albumId, offset, limit, { includeHidden })),
    'albums.create': (input) => app.albums.create(input),
    'albums.createFromFolders': ({ paths, sync, folderId }) => app.albums.createFromFolders(paths, { sync, folderId }),
    'albums.rename': ({ albumId, name }) => app.albums.rename(albumId, name),
    'albums.describe': ({ albumId, description }) => app.albums.describe(albumId, description),
    'albums.delete': ({ albumId }) => app.albums.delete(albumId),
    'albums.addAssets': ({ albumId, ids }) => app.albums.addAssets(albumId, ids),
    'albums.removeAssets': ({ albumId, ids }) => app.albums.removeAssets(albumId, ids),
    'albums.reorder': ({ albumId, ids, before }) => app.albums.reorder(albumId, ids, before),
    'albums.sortByDate': ({ albumId, order }) => app.albums.sortByDate(albumId, order),
    'albums.setCover': ({ albumId, assetId }) => app.albums.setCover(albumId, assetId),
    'albums.createFolder': ({ name, parentId }) => app.albums.createFolder(name, parentId),
    'albums.renameFolder': ({ folderId, name }) => app.albums.renameFolder(folderId, name),
    'albums.deleteFolder': ({ folderId }) => app.albums.deleteFolder(folderId),
    'albums.move': (input) => app.albums.move(input),
    'albums.ofAsset': async ({ assetId }) => (await app.smartAlbums.ready(), app.albums.ofAsset(assetId)),

    // ── Smart albums (issue 13) ──
    'smartAlbums.create': (input) => app.smartAlbums.create(input),
    'smartAlbums.update': ({ albumId, ...change }) => app.smartAlbums.update(albumId, change),
    'smartAlbums.delete': ({ albumId }) => app.smartAlbums.delete(albumId),
    'smartAlbums.get': ({ albumId }) => app.smartAlbums.get(albumId),
    'smartAlbums.photos': ({ albumId, offset, limit }) => app.smartAlbums.photos(albumId, offset, limit),
    'smartAlbums.validate': ({ text }) => app.smartAlbums.validate(text),
    'smartAlbums.preview': async ({ rule }) => {
      const { count, text } = await app.smartAlbums.preview(rule)
      return { count, text }
    },

    // ── Trash and edits (issue 12) ──
    'trash.move': ({ ids }) => app.trash.move(ids),
    'trash.restore': ({ ids }) => app.trash.restore(ids),
    'trash.restoreAll': () => app.trash.restoreAll(),
    'trash.list': ({ offset, limit }) => app.trash.list(offset, limit),
    'trash.empty': ({ ids, deleteFiles }) => app.trash.empty({ ids, deleteFiles }, shell.trashItem),
    'edits.setDate': ({ ids, ...edit }) => app.edits.setDate(ids, edit),
    'edits.setPlace': ({ ids, ...edit }) => app.edits.setPlace(ids, edit),
    'edits.setDescription': ({ ids, description }) => app.edits.setDescription(ids, description),

    // ── Duplicates and stacks (issue 12) ──
    'duplicates.list': ({ tier, includeSimilar }) => app.duplicates.list({ tier, includeSimilar }),
    'duplicates.resolve': ({ groupAssetIds, keepId }) => app.duplicates.resolve(groupAssetIds, keepId),
    'duplicates.removeCopies': ({ assetId, paths }) => app.duplicates.removeCopies(assetId, paths, shell.trashItem),
    'stacks.of': ({ assetId }) => app.stacks.of(assetId),
    'motion.of': ({ assetId }) => app.motion.of(assetId),
    'video.playable': async ({ assetId, part }) => found(await requestPlayable(app, assetId, part), `No ${part === 'motion' ? 'motion part' : 'video'} for asset ${assetId}`),
    'stacks.counts': ({ assetIds }) => app.stacks.counts(assetIds),

    // ── Events (issue 13) ──
    'photoEvents.list': ({ year }) => app.photoEvents.list(year),
    'photoEvents.years': () => app.photoEvents.years(),
    'photoEvents.get': ({ eventId }) => app.photoEvents.get(eventId),
    'photoEvents.photos': ({ eventId, offset, limit }) => app.photoEvents.photos(eventId, offset, limit),
    'photoEvents.ofAsset': ({ assetId }) => app.photoEvents.ofAsset(assetId),
    'photoEvents.rename': ({ eventId, name }) => found(app.photoEvents.rename(eventId, name), `No event with id ${eventId}`),
    'photoEvents.merge': ({ eventId, with: side }) => found(app.photoEvents.merge(eventId, side), `No event with id ${eventId}`),
    'photoEvents.split': ({ eventId, assetId }) => found(app.photoEvents.split(eventId, assetId), `No event ${eventId} with photo ${assetId}`),
    // ── Themes (issue 13) ──
    'themes.list': () => app.themes.list(),
    'themes.photos': ({ themeId, offset, limit }) => found(app.themes.photos(themeId, offset, limit), `No theme with id ${themeId}`),
    // ── Memories and map (issue 13) ──
    'memories.onThisDay': ({ date }) => app.memories.onThisDay(date),
    'map.points': () => app.map.points(),
    'map.photosInBounds': ({ bounds, offset, limit }) => app.map.photosInBounds(bounds, offset, limit),
    'stacks.whole': ({ ids, expandedStacks }) => app.stacks.wholeStacks(ids, expandedStacks ?? []),

    'assets.get': ({ assetId }) => {
      const asset = assets.get(assetId)
      return asset && { ...asset, ocr: app.repositories.analysis.ocrOf(assetId) }
    },
    'assets.broken': () => assets.broken(),
    'search.query': ({ text, limit, filters }) =>
      app.search.query(text, {
        limit,
        filters: {
          // The contract's `to` is the last day included; the catalog's ranges end exclusive.
          dateRanges: filters?.from || filters?.to ? [{ from: filters.from ?? '0001-01-01', to: filters.to ? nextDay(filters.to) : '9999-12-31' }] : [],
          cameras: filters?.cameras,
          folders: filters?.folders,
          personIds: filters?.personIds,
          includeHidden: filters?.includeHidden,
        },
      }),
    'search.similar': ({ assetId, limit }) => app.search.similar(assetId, limit),
    'search.suggest': ({ prefix }) =>
      app.search.suggest(prefix, [
        // Only what a search would find: nothing drawn from photos in the trash.
        ...app.repositories.people.shownNames().map((value) => ({ kind: 'person' as const, value })),
        ...[...app.repositories.search.knownPlaces().values()].map((value) => ({ kind: 'place' as const, value })),
        ...app.repositories.search.tagsStartingWith(prefix.trim()).map((value) => ({ kind: 'tag' as const, value })),
      ]),
    'assets.faces': ({ assetId }) => app.repositories.people.facesInAsset(assetId),
    'people.list': ({ includeHidden }) => app.people.list(includeHidden),
    'people.get': ({ personId }) => app.people.get(personId),
    'people.unassigned': ({ limit }) => app.repositories.people.unassigned(limit ?? 500),
    'people.photos': ({ personId, limit }) => app.repositories.people.photosOf(personId, limit ?? 1000),
    'people.rename': ({ personId, name }) => app.people.rename(personId, name),
    'people.names': ({ prefix }) => app.repositories.people.names(prefix),
    'people.merge': ({ personIds, into }) => app.people.merge(personIds, into),
    'people.split': ({ personId, faceIds }) => app.people.split(personId, faceIds),
    'people.moveFaces': ({ faceIds, to }) => ({ moved: app.people.moveFaces(faceIds, to) }),
    'people.removeFaces': ({ faceIds }) => ({ removed: app.people.removeFaces(faceIds) }),
    'people.hide': ({ personId, hidden }) => (app.people.hide(personId, hidden), { ok: true as const }),
    'people.delete': ({ personId }) => (app.people.delete(personId), { ok: true as const }),
    'people.undo': () => ({ undone: app.people.undo() }),
    'people.mergeSuggestions': ({ limit }) => app.people.mergeSuggestions(limit),
    // false: a regroup is already queued or running.
    'people.recluster': () => ({ queued: app.pipeline.reclusterRequested() }),
    'models.list': () => app.modelInfo(),
    'models.verify': async ({ id }) => {
      try {
        await app.models.requireVerified(id)
        return { ok: true, message: 'All files present and their checksums match.' }
      } catch (e) {
        return { ok: false, message: (e as Error).message }
      }
    },
    'models.import': async ({ id, folder }) => {
      await app.models.importFromFolder(id, folder)
      app.modelsChanged()
      return (await app.modelInfo()).find((m) => m.id === id)!
    },
    'models.download': ({ id }) => ({ queued: app.pipeline.modelDownload(id) }),
    'models.remove': async ({ id }) => {
      await app.models.remove(id)
      return { removed: true }
    },
    'export.start': (input) =>
      app.exports.start(input).catch((error: unknown) => {
        // No such album, event or person: the caller's 404, like every other lookup.
        throw error instanceof ExportNotFoundError ? new ContractError('not-found', error.message) : error
      }),
    'export.cancel': ({ jobId }) => app.exports.cancel(jobId),
    'backup.list': () => app.backups.overview(),
    'backup.create': () => app.backups.create(),
    'backup.restore': ({ path }) => app.backups.restore(path),
    'backup.setSettings': (change) => app.backups.setSettings(change),
    'library.check': ({ repair }) => app.integrity.check({ repair }),
    'sidecars.settings': () => app.sidecars.settings(),
    'sidecars.setSettings': (change) => app.sidecars.setSettings(change),
    'sidecars.writeAll': () => app.sidecars.writeNow({ all: true }),
    'settings.get': () => app.settings.get(),
    'settings.set': (change) => app.settings.set(change),
    'tasks.stats': () => app.stats(),
    'tasks.list': ({ states, limit }) => tasks.list(states, limit),
    'tasks.retry': ({ taskId }) => {
      const requeued = tasks.requeue(taskId)
      app.runner.wake()
      return { requeued }
    },
    'tasks.cancel': ({ taskId }) => {
      const cancelled = tasks.cancel(taskId)
      app.runner.wake()
      return { cancelled }
    },
  }
}
