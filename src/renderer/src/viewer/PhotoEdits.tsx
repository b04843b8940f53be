// The photo's own edits in the details panel: its description (saved when the field loses focus), its
// date and time, and its place. Each save is one undoable step (the toast offers Undo); an edited date
// or place says so, with what the file says and a way back to it. The file itself is never written.
import { useState, type FormEvent } from 'react'
import type { PhotoHouseApi } from '../../../shared/contract'
import type { AssetDetail, BatchResult } from '../../../shared/domain'
import { useBatchAction } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { outcomeLabel, type BatchOutcome } from '../lib/batch-actions'
import { formatCoordinates, formatTakenAt } from '../lib/format'

type DateInput = { mode: 'set'; takenAt: string } | { mode: 'original' }
type PlaceInput = { mode: 'set'; lat: number; lon: number; label?: string } | { mode: 'clear' } | { mode: 'original' }

/** Runs one edit of the shown photo and offers its undo; false when it failed (the notice says why). */
function useEdit<T>(invoke: (api: PhotoHouseApi, ids: number[], value: T) => Promise<BatchResult>, patch?: (value: T) => Partial<AssetDetail>) {
  const action = useBatchAction<T>(invoke, patch)
  const offerSteps = useOfferSteps()
  const notify = useNotify()
  return {
    busy: action.isPending,
    async run(assetId: number, value: T): Promise<boolean> {
      try {
        const outcome: BatchOutcome = await action.mutateAsync({ ids: [assetId], value })
        offerSteps(outcomeLabel(outcome), outcome.steps)
        return true
      } catch (error) {
        notify('error', `Could not save: ${errorText(error)}`)
        return false
      }
    },
  }
}

const invokeDescription = (api: PhotoHouseApi, ids: number[], description: string): Promise<BatchResult> =>
  api.invoke('edits.setDescription', { ids, description })

/** The description, edited in place; saved when the field loses focus (Escape puts back what was saved). */
export function DescriptionEditor({ detail }: { detail: AssetDetail }) {
  const saved = detail.edits.description ?? ''
  const [draft, setDraft] = useState<string | null>(null)
  const edit = useEdit<string>(invokeDescription, (description) => ({ edits: { ...detail.edits, description: description.trim() || null } }))
  const value = draft ?? saved
  return (
    <div className="meta-field">
      <dt>Description</dt>
      <dd data-testid="meta-description">
        <textarea
          className="meta-description-input"
          data-testid="meta-description-input"
          placeholder="Add a description"
          rows={value.length > 80 ? 4 : 2}
          maxLength={5000}
          value={value}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation()
              setDraft(null)
              event.currentTarget.blur()
            }
          }}
          onBlur={() => {
            if (draft !== null && draft.trim() !== saved.trim()) void edit.run(detail.id, draft).then(() => setDraft(null))
            else setDraft(null)
          }}
        />
      </dd>
    </div>
  )
}

/** "yyyy-mm-ddThh:mm" of a taken-at value, for a datetime-local field. */
function localInput(takenAt: string | null): string {
  const m = takenAt && /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(takenAt)
  return m ? `${m[1]}T${m[2]}` : ''
}

/** An edit button beside the date, a form to set it, and the "edited" marker with the file's date. */
export function DateEditor({ detail }: { detail: AssetDetail }) {
  const [open, setOpen] = useState(false)
  const [value, setValue] = useState('')
  const edit = useEdit<DateInput>((api, ids, input) => api.invoke('edits.setDate', { ids, ...input }))
  const original = detail.edits.originalDate

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!value) return
    if (await edit.run(detail.id, { mode: 'set', takenAt: value })) setOpen(false)
  }

  return (
    <>
      {original ? (
        <span className="meta-edited" data-testid="meta-date-edited">
          edited · file says {formatTakenAt(original.takenAt) ?? 'no date'}{' '}
          <button type="button" className="link-button" disabled={edit.busy} onClick={() => void edit.run(detail.id, { mode: 'original' })}>
            Use the file&apos;s
          </button>
        </span>
      ) : null}
      {open ? (
        <form className="meta-edit-form" onSubmit={(event) => void save(event)}>
          <input
            type="datetime-local"
            className="text-input"
            data-testid="meta-date-input"
            aria-label="Date and time"
            value={value}
            required
            onChange={(event) => setValue(event.target.value)}
          />
          <span className="meta-edit-actions">
            <button type="submit" className="button small primary" data-testid="meta-date-save" disabled={edit.busy || !value}>
              Save
            </button>
            <button type="button" className="button small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </span>
        </form>
      ) : (
        <button
          type="button"
          className="link-button meta-edit-button"
          data-testid="meta-date-edit"
          onClick={() => {
            setValue(localInput(detail.takenAt))
            setOpen(true)
          }}
        >
          Edit date
        </button>
      )}
    </>
  )
}

/** Parses a coordinate field; null when it is not a number in range. */
function coordinate(text: string, limit: number): number | null {
  const t = text.trim().replace(',', '.')
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null
  const n = Number(t)
  return Math.abs(n) <= limit ? n : null
}

/** An edit button for the place: latitude, longitude and an optional name; clear; back to the file's. */
export function PlaceEditor({ detail }: { detail: AssetDetail }) {
  const [open, setOpen] = useState(false)
  const [fields, setFields] = useState({ lat: '', lon: '', label: '' })
  const [problem, setProblem] = useState<string | null>(null)
  const edit = useEdit<PlaceInput>((api, ids, input) => api.invoke('edits.setPlace', { ids, ...input }))
  const original = detail.edits.originalPlace

  async function save(event: FormEvent) {
    event.preventDefault()
    const lat = coordinate(fields.lat, 90)
    const lon = coordinate(fields.lon, 180)
    if (lat === null || lon === null) {
      setProblem('Latitude is -90 to 90 and longitude -180 to 180, in degrees (e.g. 48.8584 and 2.2945)')
      return
    }
    const label = fields.label.trim()
    if (await edit.run(detail.id, { mode: 'set', lat, lon, ...(label ? { label } : {}) })) setOpen(false)
  }

  return (
    <>
      {detail.edits.placeLabel ? <span data-testid="meta-place-label">{detail.edits.placeLabel}</span> : null}
      {original ? (
        <span className="meta-edited" data-testid="meta-place-edited">
          edited · file says {formatCoordinates(original.lat, original.lon, null) ?? 'no place'}{' '}
          <button type="button" className="link-button" disabled={edit.busy} onClick={() => void edit.run(detail.id, { mode: 'original' })}>
            Use the file&apos;s
          </button>
        </span>
      ) : null}
      {open ? (
        <form className="meta-edit-form" onSubmit={(event) => void save(event)}>
          <span className="meta-edit-row">
            <input
              className="text-input"
              data-testid="meta-place-lat"
              aria-label="Latitude"
              placeholder="Latitude"
              inputMode="decimal"
              value={fields.lat}
              onChange={(event) => setFields({ ...fields, lat: event.target.value })}
            />
            <input
              className="text-input"
              data-testid="meta-place-lon"
              aria-label="Longitude"
              placeholder="Longitude"
              inputMode="decimal"
              value={fields.lon}
              onChange={(event) => setFields({ ...fields, lon: event.target.value })}
            />
          </span>
          <input
            className="text-input"
            data-testid="meta-place-name"
            aria-label="Name of the place (optional)"
            placeholder="Name (optional)"
            maxLength={200}
            value={fields.label}
            onChange={(event) => setFields({ ...fields, label: event.target.value })}
          />
          {problem ? <span className="error-text small">{problem}</span> : null}
          <span className="meta-edit-actions">
            <button type="submit" className="button small primary" data-testid="meta-place-save" disabled={edit.busy}>
              Save
            </button>
            {detail.lat !== null || detail.lon !== null ? (
              <button
                type="button"
                className="button small"
                data-testid="meta-place-clear"
                disabled={edit.busy}
                onClick={() => void edit.run(detail.id, { mode: 'clear' }).then((ok) => ok && setOpen(false))}
              >
                Remove place
              </button>
            ) : null}
            <button type="button" className="button small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </span>
        </form>
      ) : (
        <button
          type="button"
          className="link-button meta-edit-button"
          data-testid="meta-place-edit"
          onClick={() => {
            setFields({ lat: detail.lat?.toString() ?? '', lon: detail.lon?.toString() ?? '', label: detail.edits.placeLabel ?? '' })
            setProblem(null)
            setOpen(true)
          }}
        >
          Edit place
        </button>
      )}
    </>
  )
}

/** A photo opened from the Trash says so, and can go back to the library from here. */
export function TrashedNote({ detail }: { detail: AssetDetail & { trashedAt: string } }) {
  const edit = useEdit<null>((api, ids) => api.invoke('trash.restore', { ids }), () => ({ trashedAt: null }))
  return (
    <p className="meta-edited" data-testid="meta-trashed">
      In the trash since {new Date(detail.trashedAt).toLocaleDateString()}{' '}
      <button type="button" className="link-button" data-testid="meta-restore" disabled={edit.busy} onClick={() => void edit.run(detail.id, null)}>
        Restore
      </button>
    </p>
  )
}
