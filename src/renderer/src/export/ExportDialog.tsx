// "Export…": where to (a folder path; in the desktop app also the system's folder picker), originals
// or JPEG, the JPEG's size, GPS stripped (on by default: exports are for sharing), folder or .zip.
// The job then runs in the background; its progress and Cancel are in the export toast.
import { useId, useState } from 'react'
import { EXPORT_SIZES, type ExportSource } from '../../../shared/export'
import { useApi, usePickFolders } from '../api'
import { errorText } from '../app/notices'
import { DEFAULT_EXPORT_FORM, exportInput, type ExportForm } from './export-form'
import { ModalForm } from '../app/ModalForm'

/** The folder of the last export, offered again (per window). */
let lastFolder = ''

export function ExportDialog({ source, what, onClose }: { source: ExportSource; what: string; onClose(): void }) {
  const api = useApi()
  const pick = usePickFolders()
  const [form, setForm] = useState<ExportForm>({ ...DEFAULT_EXPORT_FORM, to: lastFolder })
  const [canPick, setCanPick] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const id = useId()
  const checked = exportInput(source, form)
  const jpeg = form.format === 'jpeg'

  const change = (patch: Partial<ExportForm>) => {
    setForm((old) => ({ ...old, ...patch }))
    setError(null)
  }

  async function choose() {
    const picked = await pick.mutateAsync()
    if (!picked.supported) setCanPick(false)
    else if (picked.paths[0]) change({ to: picked.paths[0] })
  }

  async function submit() {
    if (!('input' in checked)) return
    setStarting(true)
    try {
      // The toast follows the job from its first progress event on.
      await api.invoke('export.start', checked.input)
      lastFolder = checked.input.to
      onClose()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setStarting(false)
    }
  }

  return (
    <ModalForm
      titleId={`${id}-title`}
      title={<>Export {what}</>}
      testId="export-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <label htmlFor={`${id}-to`} className="field-label">
        To the folder
      </label>
      <input
        id={`${id}-to`}
        autoFocus
        className="text-input"
        data-testid="export-to"
        spellCheck={false}
        placeholder="/home/me/Export"
        value={form.to}
        onChange={(event) => change({ to: event.target.value })}
      />
      {canPick ? (
        <button type="button" className="link-button" onClick={() => void choose()}>
          Choose folder…
        </button>
      ) : null}
      <fieldset className="export-options">
        <legend className="field-label">As</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-format`} data-testid="export-format-jpeg" checked={jpeg} onChange={() => change({ format: 'jpeg' })} />
          JPEG
          <select
            className="text-input export-size"
            aria-label="Long edge"
            data-testid="export-size"
            disabled={!jpeg}
            value={form.size ?? 'full'}
            onChange={(event) => change({ size: event.target.value === 'full' ? null : Number(event.target.value) })}
          >
            {EXPORT_SIZES.map((size) => (
              <option key={size} value={size}>
                {size} px long edge
              </option>
            ))}
            <option value="full">Full size</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-format`} data-testid="export-format-original" checked={!jpeg} onChange={() => change({ format: 'original' })} />
          Originals (exact copies, with their .xmp sidecars)
        </label>
      </fieldset>
      <label className="checkbox" title={jpeg ? undefined : 'Originals are exact copies: their location stays in them'}>
        <input type="checkbox" data-testid="export-strip-gps" disabled={!jpeg || form.stripMetadata} checked={jpeg && (form.stripGps || form.stripMetadata)} onChange={(event) => change({ stripGps: event.target.checked })} />
        Remove the location (GPS)
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="export-strip-metadata"
          disabled={!jpeg}
          checked={jpeg && form.stripMetadata}
          onChange={(event) => change({ stripMetadata: event.target.checked })}
        />
        Remove all metadata (camera, date, EXIF)
      </label>
      {!jpeg ? <p className="muted small">Originals are exact copies: a location in them stays. Choose JPEG to leave it out.</p> : null}
      <label className="checkbox">
        <input type="checkbox" data-testid="export-zip" checked={form.zip} onChange={(event) => change({ zip: event.target.checked })} />
        As one .zip file in that folder
      </label>
      {error ? (
        <p className="error-text" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : 'problem' in checked && form.to.trim() ? (
        <p className="muted small">{checked.problem}</p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="export-submit" disabled={!('input' in checked) || starting}>
          Export
        </button>
      </div>
    </ModalForm>
  )
}
