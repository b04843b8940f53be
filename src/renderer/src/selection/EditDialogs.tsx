// The action bar's edit dialogs: date/time (set, or shift by an offset for a camera whose clock was
// wrong), place, description. Each hands the contract's input to the bar, which makes it one step.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { describeShift, parseCoordinates, parseSetDate, parseShift, type DateEdit, type PlaceEdit } from '../lib/edit-forms'
import { pluralize } from '../lib/format'
import { ModalActions } from '../app/ModalForm'


interface ModalProps {
  title: string
  testId: string
  error: string | null
  submitLabel: string
  busy: boolean
  children: ReactNode
  onSubmit(): void
  onClose(): void
}

function EditModal({ title, testId, error, submitLabel, busy, children, onSubmit, onClose }: ModalProps) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        event.preventDefault()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  function submit(event: FormEvent) {
    event.preventDefault()
    onSubmit()
  }

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <form className="modal edit-dialog" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onSubmit={submit}>
        <h2>{title}</h2>
        {children}
        {error ? (
          <p className="error-text small" data-testid="edit-error">
            {error}
          </p>
        ) : null}
        <ModalActions onCancel={onClose} submitTestId="edit-submit" disabled={busy} submitLabel={submitLabel} />
      </form>
    </div>
  )
}

interface DialogProps<T> {
  /** Photos the edit applies to. */
  count: number
  busy: boolean
  onSubmit(edit: T): void
  onClose(): void
}

export function DateDialog({ count, busy, onSubmit, onClose }: DialogProps<DateEdit>) {
  const [mode, setMode] = useState<'shift' | 'set'>('shift')
  const [when, setWhen] = useState('')
  const [shift, setShift] = useState({ days: '', hours: '', minutes: '', direction: 1 as 1 | -1 })
  const [error, setError] = useState<string | null>(null)
  const parsed = mode === 'set' ? parseSetDate(when) : parseShift(shift)

  function submit() {
    if (typeof parsed === 'string') setError(parsed)
    else onSubmit(parsed)
  }

  const field = (key: 'days' | 'hours' | 'minutes', label: string) => (
    <label className="shift-field">
      <input
        className="text-input"
        inputMode="numeric"
        data-testid={`shift-${key}`}
        value={shift[key]}
        onChange={(event) => setShift({ ...shift, [key]: event.target.value })}
      />
      <span className="small muted">{label}</span>
    </label>
  )

  return (
    <EditModal
      title={`Date and time of ${pluralize(count, 'photo', 'photos')}`}
      testId="date-dialog"
      error={error}
      busy={busy}
      submitLabel={mode === 'set' ? 'Set the date' : typeof parsed === 'string' ? 'Shift' : `Shift ${describeShift(parsed as { days: number; hours: number; minutes: number })}`}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="segmented" role="radiogroup" aria-label="How">
        <label>
          <input type="radio" name="date-mode" data-testid="date-mode-shift" checked={mode === 'shift'} onChange={() => setMode('shift')} /> Shift by
        </label>
        <label>
          <input type="radio" name="date-mode" data-testid="date-mode-set" checked={mode === 'set'} onChange={() => setMode('set')} /> Set to
        </label>
      </div>
      {mode === 'shift' ? (
        <>
          <p className="small muted">Each photo moves by the same amount from its own time (a camera whose clock was wrong).</p>
          <div className="shift-fields">
            {field('days', 'days')}
            {field('hours', 'hours')}
            {field('minutes', 'minutes')}
            <select
              className="text-input"
              data-testid="shift-direction"
              value={shift.direction}
              onChange={(event) => setShift({ ...shift, direction: event.target.value === '-1' ? -1 : 1 })}
            >
              <option value="1">later</option>
              <option value="-1">earlier</option>
            </select>
          </div>
        </>
      ) : (
        <>
          <p className="small muted">Every selected photo gets this date and time.</p>
          <input type="datetime-local" className="text-input" data-testid="date-set" value={when} onChange={(event) => setWhen(event.target.value)} />
        </>
      )}
    </EditModal>
  )
}

export function PlaceDialog({ count, busy, onSubmit, onClose }: DialogProps<PlaceEdit>) {
  const [coordinates, setCoordinates] = useState('')
  const [label, setLabel] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => inputRef.current?.focus(), [])

  function submit() {
    const parsed = parseCoordinates(coordinates)
    if (typeof parsed === 'string') setError(parsed)
    else onSubmit({ mode: 'set', ...parsed, ...(label.trim() ? { label: label.trim() } : {}) })
  }

  return (
    <EditModal
      title={`Place of ${pluralize(count, 'photo', 'photos')}`}
      testId="place-dialog"
      error={error}
      busy={busy}
      submitLabel="Set the place"
      onSubmit={submit}
      onClose={onClose}
    >
      <label className="field-label" htmlFor="place-coordinates">
        Latitude, longitude
      </label>
      <input
        id="place-coordinates"
        ref={inputRef}
        className="text-input"
        data-testid="place-coordinates"
        placeholder="48.8584, 2.2945"
        value={coordinates}
        onChange={(event) => setCoordinates(event.target.value)}
      />
      <label className="field-label" htmlFor="place-label">
        Name (optional)
      </label>
      <input id="place-label" className="text-input" data-testid="place-label" placeholder="Eiffel Tower" value={label} onChange={(event) => setLabel(event.target.value)} />
      <div className="button-row">
        <button type="button" className="button small" data-testid="place-clear" disabled={busy} onClick={() => onSubmit({ mode: 'clear' })}>
          Remove the place
        </button>
        <button type="button" className="button small" data-testid="place-original" disabled={busy} onClick={() => onSubmit({ mode: 'original' })}>
          Back to the file's place
        </button>
      </div>
    </EditModal>
  )
}

export function DescriptionDialog({ count, busy, onSubmit, onClose }: DialogProps<string>) {
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => inputRef.current?.focus(), [])
  return (
    <EditModal
      title={`Description of ${pluralize(count, 'photo', 'photos')}`}
      testId="description-dialog"
      error={text.length > 5000 ? 'At most 5,000 characters' : null}
      busy={busy || text.length > 5000}
      submitLabel={text.trim() ? 'Set the description' : 'Clear the description'}
      onSubmit={() => onSubmit(text.trim())}
      onClose={onClose}
    >
      <p className="small muted">Searchable, kept in the catalog (the files are not changed). Empty clears it.</p>
      <textarea ref={inputRef} className="text-input textarea" rows={4} data-testid="description-text" value={text} onChange={(event) => setText(event.target.value)} />
    </EditModal>
  )
}
