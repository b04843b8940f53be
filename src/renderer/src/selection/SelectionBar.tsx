// The one action bar for a selection of photos: it takes the toolbar's place while something is
// selected. Every action is one batch call (several above the contract's 100,000 ids, said so),
// one undoable step, and a toast with the step's label and Undo.
import { useState, type ReactNode } from 'react'
import type { AlbumCreated } from '../../../shared/albums'
import { AlbumPicker } from '../albums'
import {
  MAX_BATCH_IDS,
  useAddToAlbumBatch,
  useMoveToTrash,
  useSetDate,
  useSetDescription,
  useSetFavorite,
  useSetHidden,
  useSetPlace,
  useSetRating,
  type BatchOutcome,
  type TimelineView,
} from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { outcomeLabel } from '../lib/batch-actions'
import { formatCount } from '../lib/format'
import { DateDialog, DescriptionDialog, PlaceDialog } from './EditDialogs'
import { ExportButton } from '../export'
import type { AssetSelection } from './use-asset-selection'

interface SelectionBarProps {
  selection: AssetSelection
  /** Actions only this view has (e.g. an album's "Remove from album"). */
  extraActions?: ReactNode
  /**
   * Which photos the view shows: photos an action takes out of it (unfavourited in Favourites,
   * unhidden in Hidden, hidden elsewhere, trashed anywhere) leave the selection.
   */
  view?: TimelineView
  /**
   * The timeline's stacks: trash and hide of a closed stack's tile take its whole stack (the photos
   * it stands for), and the toast says so.
   */
  wholeStacks?(ids: readonly number[]): Promise<{ ids: number[]; stacks: number }>
}

type Dialog = 'album' | 'date' | 'place' | 'description' | null

export function SelectionBar({ selection, extraActions, view = 'all', wholeStacks }: SelectionBarProps) {
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const favorite = useSetFavorite()
  const rating = useSetRating()
  const hidden = useSetHidden()
  const trash = useMoveToTrash()
  const setDate = useSetDate()
  const setPlace = useSetPlace()
  const setDescription = useSetDescription()
  const addToAlbum = useAddToAlbumBatch()
  const [working, setWorking] = useState(false)
  const [dialog, setDialog] = useState<Dialog>(null)
  const busy = working || selection.resolving

  if (!selection.selecting && selection.count === 0) return null

  /** Runs one batch action over the selection; `leaves`: the photos leave this view, so the selection empties. */
  async function act(run: (ids: number[]) => Promise<BatchOutcome & { note?: string }>, failure: string, leaves = false): Promise<void> {
    const ids = selection.ids()
    if (ids.length === 0) return
    if (ids.length > MAX_BATCH_IDS) {
      const steps = Math.ceil(ids.length / MAX_BATCH_IDS)
      notify('info', `${formatCount(ids.length)} photos are more than one step takes (${formatCount(MAX_BATCH_IDS)}): applying in ${steps} steps`)
    }
    setWorking(true)
    try {
      const outcome = await run(ids)
      setDialog(null)
      if (outcome.steps.length === 0) notify('info', 'Nothing to change: the selected photos were already like that')
      else offerSteps(outcomeLabel(outcome) + (outcome.note ?? ''), outcome.steps)
      if (leaves) selection.clear()
    } catch (error) {
      notify('error', `${failure}: ${errorText(error)}`)
    } finally {
      setWorking(false)
    }
  }

  /**
   * An album was picked. One the picker just made ("New album…") already holds the photos when it
   * was given them (within one call's limit): its creation is the step. Otherwise they are added.
   */
  function onAlbumPicked(albumId: number, created: AlbumCreated | undefined, gaveIds: boolean) {
    setDialog(null)
    if (created && gaveIds) {
      if (created.undo) offerSteps(created.undo.label, [created.undo])
      return
    }
    void act(async (ids) => {
      const outcome = await addToAlbum.mutateAsync({ ids, value: albumId })
      // A new album too big to be created with its photos: its creation is the first step.
      return created?.undo ? { changed: outcome.changed, steps: [created.undo, ...outcome.steps] } : outcome
    }, 'Could not add to the album')
  }

  /** Trash, hide and date in the timeline: a closed stack's tile means its whole stack (one step still). */
  async function withStacks(ids: number[], run: (ids: number[]) => Promise<BatchOutcome>): Promise<BatchOutcome & { note?: string }> {
    if (!wholeStacks) return run(ids)
    const whole = await wholeStacks(ids)
    const outcome = await run(whole.ids)
    if (whole.stacks === 0) return outcome
    return { ...outcome, note: whole.stacks === 1 ? ', with every photo of its stack' : `, with every photo of their ${formatCount(whole.stacks)} stacks` }
  }

  const button = (testId: string, label: ReactNode, onClick: () => void, title?: string) => (
    <button type="button" className="button small" data-testid={testId} title={title} disabled={busy} onClick={onClick}>
      {label}
    </button>
  )

  return (
    <div
      className="action-bar"
      role="toolbar"
      aria-label="Selected photos"
      data-testid="selection-bar"
      // After an action, focus is on the bar's button: Escape and Ctrl/Cmd+A still reach the selection.
      onKeyDown={(event) => {
        if (dialog) return
        if (event.key === 'Escape' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a')) selection.keyDown(event)
      }}
    >
      <button type="button" className="icon-button" data-testid="selection-clear" aria-label="Clear the selection" onClick={selection.clear}>
        ×
      </button>
      <span className="selection-count" data-testid="selection-count" data-count={selection.count}>
        {selection.resolving ? 'Selecting…' : `${formatCount(selection.count)} selected`}
      </span>
      <div className="toolbar-spacer" />
      <div className="button-group">
        {button('action-favorite', '♥ Favourite', () => void act((ids) => favorite.mutateAsync({ ids, value: true }), 'Could not add to favourites'))}
        {button(
          'action-unfavorite',
          'Unfavourite',
          () => void act((ids) => favorite.mutateAsync({ ids, value: false }), 'Could not remove from favourites', view === 'favorites'),
        )}
      </div>
      <div className="button-group rate-group" role="group" aria-label="Rate">
        <span className="small muted">Rate</span>
        {[0, 1, 2, 3, 4, 5].map((stars) => (
          <button
            key={stars}
            type="button"
            className="button small"
            data-testid={`action-rate-${stars}`}
            title={stars === 0 ? 'Clear the rating' : `${stars} ${stars === 1 ? 'star' : 'stars'}`}
            disabled={busy}
            onClick={() => void act((ids) => rating.mutateAsync({ ids, value: stars }), 'Could not rate')}
          >
            {stars === 0 ? '0' : `${stars}★`}
          </button>
        ))}
      </div>
      <div className="button-group">
        {view === 'hidden'
          ? null
          : button('action-hide', 'Hide', () => void act((ids) => withStacks(ids, (all) => hidden.mutateAsync({ ids: all, value: true })), 'Could not hide', true))}
        {button('action-unhide', 'Unhide', () => void act((ids) => hidden.mutateAsync({ ids, value: false }), 'Could not unhide', view === 'hidden'))}
      </div>
      {button('action-album', 'Add to album…', () => setDialog('album'))}
      <ExportButton source={() => ({ ids: selection.ids() })} what={selection.count === 1 ? '1 photo' : `${formatCount(selection.count)} photos`} disabled={busy} />
      {extraActions}
      <div className="button-group">
        {button('action-date', 'Date…', () => setDialog('date'), 'Set the date and time, or shift it')}
        {button('action-place', 'Place…', () => setDialog('place'), 'Set the place')}
        {button('action-description', 'Description…', () => setDialog('description'), 'Set the description')}
      </div>
      {button(
        'action-trash',
        'Move to trash',
        () => void act((ids) => withStacks(ids, (all) => trash.mutateAsync({ ids: all, value: null })), 'Could not move to the trash', true),
      )}

      {dialog === 'album' ? <AlbumDialog count={selection.count} ids={selection.ids} onPick={onAlbumPicked} onClose={() => setDialog(null)} /> : null}
      {dialog === 'date' ? (
        <DateDialog
          count={selection.count}
          busy={busy}
          // A burst's shots move together (a wrong camera clock): moving only the cover would split the stack.
          onSubmit={(edit) => void act((ids) => withStacks(ids, (all) => setDate.mutateAsync({ ids: all, value: edit })), 'Could not change the date')}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'place' ? (
        <PlaceDialog
          count={selection.count}
          busy={busy}
          onSubmit={(edit) => void act((ids) => setPlace.mutateAsync({ ids, value: edit }), 'Could not change the place')}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'description' ? (
        <DescriptionDialog
          count={selection.count}
          busy={busy}
          onSubmit={(text) => void act((ids) => setDescription.mutateAsync({ ids, value: text }), 'Could not change the description')}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  )
}

/** The album picker for the selection; the ids go to "New album…" when one call can take them. */
function AlbumDialog({
  count,
  ids,
  onPick,
  onClose,
}: {
  count: number
  ids(): number[]
  onPick(albumId: number, created: AlbumCreated | undefined, gaveIds: boolean): void
  onClose(): void
}) {
  const [assetIds] = useState(() => (count <= MAX_BATCH_IDS ? ids() : undefined))
  return (
    <AlbumPicker
      title={`Add ${count === 1 ? '1 photo' : `${formatCount(count)} photos`} to an album`}
      assetIds={assetIds}
      onPick={(albumId, created) => onPick(albumId, created, assetIds !== undefined)}
      onClose={onClose}
    />
  )
}
