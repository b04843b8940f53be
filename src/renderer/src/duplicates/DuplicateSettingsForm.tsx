// Duplicate review settings: how alike two photos must be to be near duplicates or similar shots
// (a similarity slider, as digiKam has: pHash bits that may differ, out of 64), the keeper rules in
// the user's order, and a preferred folder.
import { useId, useState, type FormEvent } from 'react'
import {
  DEFAULT_DUPLICATE_SETTINGS,
  KEEPER_RULE_LABELS,
  MAX_NEAR_DISTANCE,
  MAX_SIMILAR_DISTANCE,
  type DuplicateSettings,
  type KeeperRule,
} from '../../../shared/duplicates'
import { useSaveSettings } from '../api'
import { errorText, useNotify } from '../app/notices'

/** Percent of the 64 hash bits that agree, as the slider shows it. */
const similarity = (distance: number) => Math.round((1 - distance / 64) * 100)

export function DuplicateSettingsForm({ saved }: { saved: DuplicateSettings }) {
  const save = useSaveSettings()
  const notify = useNotify()
  const id = useId()
  const [draft, setDraft] = useState<DuplicateSettings>(saved)
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved)
  const set = (change: Partial<DuplicateSettings>) =>
    setDraft((d) => {
      const next = { ...d, ...change }
      // Similar shots are at least as far apart as near duplicates.
      return { ...next, similarDistance: Math.max(next.similarDistance, next.nearDistance) }
    })
  const move = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const rules = [...d.keeperRules]
      const [rule] = rules.splice(index, 1)
      rules.splice(index + by, 0, rule!)
      return { ...d, keeperRules: rules }
    })

  async function submit(event: FormEvent) {
    event.preventDefault()
    try {
      await save.mutateAsync({ duplicates: draft })
      notify('info', 'Duplicate settings saved')
    } catch {
      // Shown under the form.
    }
  }

  return (
    <section className="page-section">
      <div className="section-title">
        <h3>Duplicates</h3>
      </div>
      <form className="settings-form" data-testid="duplicate-settings-form" onSubmit={(e) => void submit(e)}>
        <p className="muted small">
          How alike two photos must look to be grouped. Higher similarity finds fewer, surer groups; copies that were resized, recompressed or
          converted are usually 97–100% alike.
        </p>
        <div className="weight-row">
          <label htmlFor={`${id}-near`} className="weight-label">
            Near duplicates: {similarity(draft.nearDistance)}% alike
          </label>
          <input
            id={`${id}-near`}
            type="range"
            className="weight-range"
            data-testid="duplicate-similarity"
            // Reversed: to the right is stricter (more alike), as a similarity slider reads.
            min={0}
            max={MAX_NEAR_DISTANCE}
            step={1}
            value={MAX_NEAR_DISTANCE - draft.nearDistance}
            onChange={(e) => set({ nearDistance: MAX_NEAR_DISTANCE - e.target.valueAsNumber })}
          />
        </div>
        <div className="weight-row">
          <label htmlFor={`${id}-similar`} className="weight-label">
            Similar shots: {similarity(draft.similarDistance)}% alike
          </label>
          <input
            id={`${id}-similar`}
            type="range"
            className="weight-range"
            data-testid="duplicate-similar-similarity"
            min={0}
            max={MAX_SIMILAR_DISTANCE}
            step={1}
            value={MAX_SIMILAR_DISTANCE - draft.similarDistance}
            onChange={(e) => set({ similarDistance: Math.max(draft.nearDistance, MAX_SIMILAR_DISTANCE - e.target.valueAsNumber) })}
          />
        </div>
        <p className="muted small">Which copy to suggest keeping: the first rule that tells them apart.</p>
        <ol className="duplicate-rules" data-testid="duplicate-rules">
          {draft.keeperRules.map((rule: KeeperRule, index) => (
            <li key={rule} data-rule={rule}>
              <span>{KEEPER_RULE_LABELS[rule]}</span>
              <button type="button" className="icon-button" aria-label={`Move "${KEEPER_RULE_LABELS[rule]}" up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move "${KEEPER_RULE_LABELS[rule]}" down`}
                disabled={index === draft.keeperRules.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
        <div className="weight-row">
          <label htmlFor={`${id}-folder`} className="weight-label">
            Preferred folder
          </label>
          <input
            id={`${id}-folder`}
            type="text"
            className="text-input"
            data-testid="duplicate-preferred-folder"
            placeholder="None"
            value={draft.preferredFolder ?? ''}
            onChange={(e) => set({ preferredFolder: e.target.value.trim() === '' ? null : e.target.value })}
          />
        </div>
        <div className="modal-actions">
          <button type="submit" className="button primary" data-testid="duplicate-settings-save" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            disabled={JSON.stringify(draft) === JSON.stringify(DEFAULT_DUPLICATE_SETTINGS)}
            onClick={() => setDraft(DEFAULT_DUPLICATE_SETTINGS)}
          >
            Reset to defaults
          </button>
          {dirty ? <span className="muted small">Unsaved changes</span> : null}
        </div>
        {save.isError ? (
          <p className="error-text" role="alert">
            {errorText(save.error)}
          </p>
        ) : null}
      </form>
    </section>
  )
}
