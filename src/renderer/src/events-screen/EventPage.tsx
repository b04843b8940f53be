// One event: its title (renamed in place; an empty name gives the made-up title back), dates, places,
// people and photos in capture order. It merges with the event before or after it, and splits at the
// selected photo (that photo starts a new event). Every change offers Undo and survives the
// recomputes that follow imports.
import { useMemo, useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { summaryDates, type PhotoEventChange, type PhotoEventSummary } from '../../../shared/photo-events'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { PhotoList } from '../library'
import { formatCount, pluralize } from '../lib/format'
import { SelectionBar, useListSelection, useSelectionKeys } from '../selection'
import { EventPeople } from './EventPeople'
import { ExportButton } from '../export'
import { EVENT_PHOTOS_LIMIT, useEvent, useEventPhotos, useMergeEvent, useRenameEvent, useSplitEvent } from './hooks'

const assetOf = (asset: AssetSummary) => asset

export function EventPage({ eventId }: { eventId: number }) {
  const event = useEvent(eventId)
  const { navigate } = useNavigation()
  if (event.isPending) return <div className="center muted">Loading…</div>
  if (event.isError) return <div className="center error-text">Could not load this event: {errorText(event.error)}</div>
  if (!event.data)
    return (
      <div className="center" data-testid="event-gone">
        <p>This event no longer exists (its photos were merged into another, or left the library).</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'events' })}>
          Back to Events
        </button>
      </div>
    )
  return <EventView event={event.data} />
}

function EventView({ event }: { event: PhotoEventSummary }) {
  const { navigate, openPhotos } = useNavigation()
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const photos = useEventPhotos(event.id)
  const rename = useRenameEvent()
  const merge = useMergeEvent()
  const split = useSplitEvent()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const list = useMemo(() => photos.data ?? [], [photos.data])
  const selection = useListSelection(list, (index) => openPhotos(list, index))
  useSelectionKeys(selection, !editing)

  async function run<T extends { undo: { label: string; stepId: number } | null; changed: number }>(action: () => Promise<T>, failure: string): Promise<T | null> {
    try {
      const result = await action()
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      return result
    } catch (error) {
      notify('error', `${failure}: ${errorText(error)}`)
      return null
    }
  }

  async function saveName() {
    const name = draft.trim()
    setEditing(false)
    if (name === (event.named ? event.title : '')) return
    await run(() => rename.mutateAsync({ eventId: event.id, name }), 'Could not rename the event')
  }

  async function mergeWith(side: 'previous' | 'next') {
    const result: PhotoEventChange | null = await run(() => merge.mutateAsync({ eventId: event.id, with: side }), 'Could not merge the events')
    if (result === null) return
    if (result.changed === 0) notify('info', `There is no ${side} event to merge with.`)
    else if (result.event && result.event.id !== event.id) navigate({ name: 'event', eventId: result.event.id })
  }

  const selectedIds = selection.count > 0 ? selection.ids() : []
  const splitAt = selectedIds.length === 1 ? selectedIds[0]! : null
  const extraActions = (
    <div className="button-group">
      <button
        type="button"
        className="button small"
        data-testid="event-split"
        disabled={splitAt === null || splitAt === list[0]?.id}
        title={splitAt === null ? 'Select the photo the new event starts with' : 'This photo and the ones after it become a new event'}
        onClick={() => {
          if (splitAt === null) return
          void run(() => split.mutateAsync({ eventId: event.id, assetId: splitAt }), 'Could not split the event').then((result) => {
            if (result?.changed) selection.clear()
          })
        }}
      >
        Split here
      </button>
    </div>
  )

  return (
    <div className="page" data-testid="event-page" data-event-id={event.id}>
      <header className="page-header">
        <nav className="album-breadcrumb" aria-label="Events">
          <button type="button" className="link-button" data-testid="event-back" onClick={() => navigate({ name: 'events' })}>
            Events
          </button>
          <span>{' / '}</span>
        </nav>
        {editing ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              void saveName()
            }}
          >
            <input
              autoFocus
              className="text-input"
              data-testid="event-name-input"
              maxLength={200}
              placeholder={event.autoTitle}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
            />
            <button type="submit" className="button small primary" data-testid="event-name-save">
              Save
            </button>
          </form>
        ) : (
          <h1
            data-testid="event-title"
            title="Click to rename"
            className="editable-title"
            onClick={() => {
              setDraft(event.named ? event.title : '')
              setEditing(true)
            }}
          >
            {event.title}
          </h1>
        )}
        <span className="muted" data-testid="event-count" data-count={event.count}>
          {summaryDates(event)} · {pluralize(event.count, 'photo', 'photos')}
        </span>
        <div className="toolbar-spacer" />
        <ExportButton source={() => ({ eventId: event.id })} what={`“${event.title}”`} />
        <button
          type="button"
          className="button small"
          data-testid="event-rename"
          onClick={() => {
            setDraft(event.named ? event.title : '')
            setEditing(true)
          }}
        >
          Rename
        </button>
        <button type="button" className="button small" data-testid="event-merge-previous" title="One event with the event before this one" onClick={() => void mergeWith('previous')}>
          Merge with previous
        </button>
        <button type="button" className="button small" data-testid="event-merge-next" title="One event with the event after this one" onClick={() => void mergeWith('next')}>
          Merge with next
        </button>
      </header>
      <p className="muted small page-message" data-testid="event-facts">
        {event.named ? `${event.autoTitle}. ` : ''}
        {event.place ? `${event.place}. ` : 'No place known. '}
        {event.fileTimeCount > 0 ? `${pluralize(event.fileTimeCount, 'photo has', 'photos have')} no capture time of its own: placed by the file's time.` : ''}
      </p>
      <EventPeople people={event.people} size="medium" />
      <section className="page-section">
        {photos.isError ? <p className="error-text small">{errorText(photos.error)}</p> : null}
        {photos.isPending ? <p className="muted">Loading photos…</p> : null}
        {event.count > EVENT_PHOTOS_LIMIT ? (
          <p className="muted small">
            Showing the first {formatCount(EVENT_PHOTOS_LIMIT)} of {formatCount(event.count)} photos.
          </p>
        ) : null}
        {list.length > 0 ? (
          <PhotoList items={list} assetOf={assetOf} testId="event-photos" tileTestId="event-photo" selection={selection} onOpen={(index) => openPhotos(list, index)} />
        ) : null}
      </section>
      <SelectionBar selection={selection} extraActions={extraActions} />
    </div>
  )
}
