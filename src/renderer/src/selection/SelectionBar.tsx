// The one action bar for a selection of photos: it takes the toolbar's place while something is
// selected. Every action is one batch call (several above the contract's 100,000 ids, said so),
// one undoable step, and a toast with the step's label and Undo.
import { useState, type ReactNode } from 'react'
import { MAX_BATCH_IDS, useSetFavorite, useSetHidden, useSetRating, type BatchOutcome } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { outcomeLabel } from '../lib/batch-actions'
import { formatCount } from '../lib/format'
import type { AssetSelection } from './use-asset-selection'

interface SelectionBarProps {
  selection: AssetSelection
  /** Actions only this view has (e.g. an album's "Remove from album"). */
  extraActions?: ReactNode
  /** True where hidden photos are shown (Unhide is the useful action there). */
  showingHidden?: boolean
}

export function SelectionBar({ selection, extraActions, showingHidden = false }: SelectionBarProps) {
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const favorite = useSetFavorite()
  const rating = useSetRating()
  const hidden = useSetHidden()
  const [working, setWorking] = useState(false)
  const busy = working || selection.resolving

  if (!selection.selecting && selection.count === 0) return null

  /**
   * Runs one batch action over the selection. `leaves`: the photos leave this view (hidden,
   * trashed), so the selection empties.
   */
  async function act(run: (ids: number[]) => Promise<BatchOutcome>, failure: string, leaves = false) {
    const ids = selection.ids()
    if (ids.length === 0) return
    if (ids.length > MAX_BATCH_IDS) {
      const steps = Math.ceil(ids.length / MAX_BATCH_IDS)
      notify('info', `${formatCount(ids.length)} photos are more than one step takes (${formatCount(MAX_BATCH_IDS)}): applying in ${steps} steps`)
    }
    setWorking(true)
    try {
      const outcome = await run(ids)
      if (outcome.steps.length === 0) notify('info', 'Nothing to change: the selected photos were already like that')
      else offerSteps(outcomeLabel(outcome), outcome.steps)
      if (leaves) selection.clear()
    } catch (error) {
      notify('error', `${failure}: ${errorText(error)}`)
    } finally {
      setWorking(false)
    }
  }

  return (
    <div
      className="action-bar"
      role="toolbar"
      aria-label="Selected photos"
      data-testid="selection-bar"
      // After an action, focus is on the bar's button: Escape and Ctrl/Cmd+A still reach the selection.
      onKeyDown={(event) => {
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
        <button
          type="button"
          className="button small"
          data-testid="action-favorite"
          disabled={busy}
          onClick={() => act((ids) => favorite.mutateAsync({ ids, value: true }), 'Could not add to favourites')}
        >
          ♥ Favourite
        </button>
        <button
          type="button"
          className="button small"
          data-testid="action-unfavorite"
          disabled={busy}
          onClick={() => act((ids) => favorite.mutateAsync({ ids, value: false }), 'Could not remove from favourites')}
        >
          Unfavourite
        </button>
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
            onClick={() => act((ids) => rating.mutateAsync({ ids, value: stars }), 'Could not rate')}
          >
            {stars === 0 ? '0' : `${stars}★`}
          </button>
        ))}
      </div>
      <div className="button-group">
        {showingHidden ? null : (
          <button
            type="button"
            className="button small"
            data-testid="action-hide"
            disabled={busy}
            onClick={() => act((ids) => hidden.mutateAsync({ ids, value: true }), 'Could not hide', true)}
          >
            Hide
          </button>
        )}
        <button
          type="button"
          className="button small"
          data-testid="action-unhide"
          disabled={busy}
          onClick={() => act((ids) => hidden.mutateAsync({ ids, value: false }), 'Could not unhide', showingHidden)}
        >
          Unhide
        </button>
      </div>
      {extraActions}
    </div>
  )
}
