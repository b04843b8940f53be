// Settings → Stacks: bursts and one shot in several formats as one tile in the timeline, or every
// photo on its own. Saved as soon as it is switched (the timeline regroups at once).
import { useState } from 'react'
import type { StackSettings } from '../../../shared/duplicates'
import { useSaveSettings } from '../api'
import { errorText } from '../app/notices'

export function StackSetting({ saved }: { saved: StackSettings }) {
  const save = useSaveSettings()
  // What the user switched to shows at once; a failed save goes back to what is saved.
  const [enabled, setEnabled] = useState(saved.enabled)
  return (
    <section className="page-section">
      <div className="section-title">
        <h3>Stacks</h3>
      </div>
      <div className="settings-form">
        <label className="settings-check">
          <input
            type="checkbox"
            data-testid="stacks-enabled"
            checked={enabled}
            disabled={save.isPending}
            onChange={(event) => {
              const next = event.target.checked
              setEnabled(next)
              save.mutate({ stacks: { enabled: next } }, { onError: () => setEnabled(saved.enabled) })
            }}
          />{' '}
          Stack bursts and RAW+JPEG pairs
        </label>
        <p className="muted small">
          Shots a camera took less than a second apart, and one shot saved in two formats side by side (RAW or HEIC with its JPEG), show as one
          tile with a count; its count opens the stack in place (or S on the tile). Off: every photo on its own.
        </p>
        {save.isError ? (
          <p className="error-text" role="alert">
            Could not save: {errorText(save.error)}
          </p>
        ) : null}
      </div>
    </section>
  )
}
