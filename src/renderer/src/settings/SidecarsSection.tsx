// Settings → XMP sidecars: keep a sidecar beside every photo (opt-in), its name style, whether the
// classifier's tags go in, and "Write all now".
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { SidecarSettings } from '../../../shared/sidecars'
import { useApi } from '../api'
import { errorText, useNotify } from '../app/notices'

const SIDECARS_KEY = ['sidecars.settings'] as const

export function SidecarsSection() {
  const api = useApi()
  const client = useQueryClient()
  const notify = useNotify()
  const settings = useQuery({ queryKey: SIDECARS_KEY, queryFn: () => api.invoke('sidecars.settings', {}) })
  const save = useMutation({
    mutationFn: (change: Partial<SidecarSettings>) => api.invoke('sidecars.setSettings', change),
    onSuccess: (saved) => client.setQueryData(SIDECARS_KEY, saved),
  })
  // What the user switched to shows at once, set in the event handler itself: a controlled checkbox
  // whose value changes only later (the mutation's onMutate runs after a microtask) is put back
  // by React first, and flickers. A read of the settings still under way would overwrite it, so it
  // is cancelled. A failed save goes back to what was saved.
  const change = (partial: Partial<SidecarSettings>) => {
    const before = client.getQueryData<SidecarSettings>(SIDECARS_KEY)
    void client.cancelQueries({ queryKey: SIDECARS_KEY })
    if (before) client.setQueryData(SIDECARS_KEY, { ...before, ...partial })
    save.mutate(partial, {
      onError: () => {
        if (before) client.setQueryData(SIDECARS_KEY, before)
      },
    })
  }
  const writeAll = useMutation({
    mutationFn: () => api.invoke('sidecars.writeAll', {}),
    onSuccess: (r) =>
      notify(
        r.failed.length > 0 ? 'error' : 'info',
        `Sidecars: ${r.written} written, ${r.unchanged} already up to date${r.failed.length > 0 ? `, ${r.failed.length} could not be written (first: ${r.failed[0]!.path}: ${r.failed[0]!.error})` : ''}`,
      ),
  })
  const s = settings.data
  const busy = save.isPending || writeAll.isPending
  return (
    <section className="page-section" data-testid="sidecars-section">
      <div className="section-title">
        <h3>XMP sidecars</h3>
      </div>
      <p className="muted small">
        A small .xmp file beside each photo tells other programs (digiKam, Lightroom, darktable, Bridge) what you told PhotoHouse: names of people
        with their face areas, keywords, rating, favourite (as the label &ldquo;Favorite&rdquo;), description, and the date and place you edited.
        Your photos themselves are never written. What another program already wrote in a sidecar stays; only PhotoHouse&apos;s own parts are
        replaced. Sidecars and XMP inside photos are always read on import.
      </p>
      {settings.isError ? <p className="error-text">Could not load: {errorText(settings.error)}</p> : null}
      {s ? (
        <div className="settings-form">
          <label className="settings-check">
            <input type="checkbox" data-testid="sidecars-write" checked={s.write} disabled={busy} onChange={(e) => change({ write: e.target.checked })} /> Keep a
            sidecar beside every photo, updated when its people, marks or edits change
          </label>
          <div role="radiogroup" aria-label="Name of the sidecar">
            <label className="settings-check">
              <input type="radio" name="sidecar-naming" data-testid="sidecars-naming-ext" checked={s.naming === 'file.ext.xmp'} disabled={busy} onChange={() => change({ naming: 'file.ext.xmp' })} />{' '}
              photo.jpg.xmp (digiKam, darktable: a RAW and its JPEG each have their own)
            </label>
            <label className="settings-check">
              <input type="radio" name="sidecar-naming" data-testid="sidecars-naming-base" checked={s.naming === 'file.xmp'} disabled={busy} onChange={() => change({ naming: 'file.xmp' })} />{' '}
              photo.xmp (Lightroom, Bridge)
            </label>
          </div>
          <label className="settings-check">
            <input type="checkbox" data-testid="sidecars-machine-tags" checked={s.machineTags} disabled={busy} onChange={(e) => change({ machineTags: e.target.checked })} />{' '}
            Also write the tags PhotoHouse found itself (otherwise only your keywords and people&apos;s names)
          </label>
          <div className="modal-actions">
            <button type="button" className="button" data-testid="sidecars-write-all" disabled={busy} onClick={() => writeAll.mutate()}>
              {writeAll.isPending ? 'Writing…' : 'Write all sidecars now'}
            </button>
          </div>
        </div>
      ) : null}
      {save.isError ? (
        <p className="error-text" role="alert">
          Could not save: {errorText(save.error)}
        </p>
      ) : null}
      {writeAll.isError ? (
        <p className="error-text" role="alert">
          Could not write the sidecars: {errorText(writeAll.error)}
        </p>
      ) : null}
    </section>
  )
}
