// Favourite, star rating and hidden on a selection: each call is one undoable step.
import type { AssetsRepository, CurationFlags } from '../catalog'
import type { BatchResult } from '../../shared/domain'
import type { UndoService } from './undo.service'

const FLAGS_KIND = 'assets.flags'

const photos = (n: number) => (n === 1 ? '1 photo' : `${n} photos`)

export function createFlagsService(deps: { assets: AssetsRepository; undo: UndoService }) {
  const { assets, undo } = deps
  undo.register(FLAGS_KIND, (payload) => {
    assets.restoreFlags(new Map(payload as [number, CurationFlags][]))
  })

  /** Reads what the photos had, changes them, and records the old values as the inverse. */
  function change(ids: readonly number[], label: (changed: number) => string, apply: (ids: readonly number[]) => number): BatchResult {
    return undo.step(() => {
      const before = assets.flagsOf([...new Set(ids)])
      const changed = apply(ids)
      return { changed, label: label(changed), ops: [{ kind: FLAGS_KIND, payload: [...before] }] }
    })
  }

  return {
    setFavorite(ids: readonly number[], favorite: boolean): BatchResult {
      return change(
        ids,
        (n) => (favorite ? `Added ${photos(n)} to favourites` : `Removed ${photos(n)} from favourites`),
        (batch) => assets.setFavorite(batch, favorite),
      )
    },
    setRating(ids: readonly number[], rating: number): BatchResult {
      return change(
        ids,
        (n) => (rating === 0 ? `Cleared the rating of ${photos(n)}` : `Rated ${photos(n)} ${rating} ${rating === 1 ? 'star' : 'stars'}`),
        (batch) => assets.setRating(batch, rating),
      )
    },
    setHidden(ids: readonly number[], hidden: boolean): BatchResult {
      return change(ids, (n) => (hidden ? `Hid ${photos(n)}` : `Showed ${photos(n)} again`), (batch) => assets.setHidden(batch, hidden))
    },
  }
}

export type FlagsService = ReturnType<typeof createFlagsService>
