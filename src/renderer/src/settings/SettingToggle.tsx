// A settings section that is one on/off switch, saved as soon as it is switched (stacks, the
// system ffmpeg). What the user switched to shows at once; a failed save goes back to what is saved.
// Key it on the saved value, so a change saved elsewhere (another window, a CLI) shows too.
import { useState, type ReactNode } from 'react'
import type { CallInput } from '../../../shared/contract'
import { useSaveSettings } from '../api'
import { errorText } from '../app/notices'

interface SettingToggleProps {
  title: string
  /** The section's test id, when a test looks for the section itself. */
  testId?: string
  /** The checkbox's test id. */
  inputTestId: string
  saved: boolean
  /** The settings.set change for the switched value. */
  change(next: boolean): CallInput<'settings.set'>
  /** What the switch does, beside the checkbox. */
  label: ReactNode
  /** Explanations or state below it. */
  children?: ReactNode
}

export function SettingToggle({ title, testId, inputTestId, saved, change, label, children }: SettingToggleProps) {
  const save = useSaveSettings()
  const [checked, setChecked] = useState(saved)
  return (
    <section className="page-section" data-testid={testId}>
      <div className="section-title">
        <h3>{title}</h3>
      </div>
      <div className="settings-form">
        <label className="settings-check">
          <input
            type="checkbox"
            data-testid={inputTestId}
            checked={checked}
            disabled={save.isPending}
            onChange={(event) => {
              const next = event.target.checked
              setChecked(next)
              save.mutate(change(next), { onError: () => setChecked(saved) })
            }}
          />{' '}
          {label}
        </label>
        {children}
        {save.isError ? (
          <p className="error-text" role="alert">
            Could not save: {errorText(save.error)}
          </p>
        ) : null}
      </div>
    </section>
  )
}
