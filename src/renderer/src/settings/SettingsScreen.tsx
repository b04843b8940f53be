// Library settings: how much each search signal (words, tags, CLIP) counts when ranking, and how
// strictly faces are grouped into people.
import { useId, useState, type FormEvent } from 'react'
import type { FaceGrouping, SearchWeights } from '../../../shared/domain'
import { useSaveSettings, useSettings } from '../api'
import { errorText, useNotify } from '../app/notices'
import {
  DEFAULT_FACE_GROUPING,
  MIN_FACES_MAX,
  MIN_FACES_MIN,
  SIMILARITY_MAX,
  SIMILARITY_MIN,
  draftOf,
  groupingOf,
  sameGrouping,
  type FaceGroupingDraft,
} from '../lib/face-grouping'
import {
  DEFAULT_SEARCH_WEIGHTS,
  SEARCH_SIGNALS,
  WEIGHT_MAX,
  WEIGHT_MIN,
  WEIGHT_STEP,
  normalizeWeight,
  parseWeightInput,
  sameWeights,
} from '../lib/search-weights'

export function SettingsScreen() {
  const settings = useSettings()
  const saved = settings.data?.searchWeights
  const grouping = settings.data?.faceGrouping
  return (
    <div className="page" data-testid="settings-screen">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      {settings.isError ? <p className="error-text page-message">Could not load settings: {errorText(settings.error)}</p> : null}
      {settings.isPending ? <p className="muted page-message">Loading settings…</p> : null}
      {/* Keyed on the saved values so the draft restarts from them whenever they change (after a save too). */}
      {saved ? <SearchWeightsForm key={JSON.stringify(saved)} saved={saved} /> : null}
      {grouping ? <FaceGroupingForm key={JSON.stringify(grouping)} saved={grouping} /> : null}
    </div>
  )
}

function SearchWeightsForm({ saved }: { saved: SearchWeights }) {
  const save = useSaveSettings()
  const notify = useNotify()
  const [draft, setDraft] = useState<SearchWeights>(saved)
  const dirty = !sameWeights(draft, saved)

  async function submit(event: FormEvent) {
    event.preventDefault()
    try {
      await save.mutateAsync({ searchWeights: draft })
      notify('info', 'Search weights saved')
    } catch {
      // Shown inline under the form.
    }
  }

  return (
    <section className="page-section">
      <div className="section-title">
        <h3>Search</h3>
      </div>
      <form className="settings-form" data-testid="search-weights-form" onSubmit={submit}>
        <p className="muted small">
          How much each signal counts when ranking search results. 0 turns a signal off. The CLI's <code>--weights</code> overrides these for
          one query.
        </p>
        {SEARCH_SIGNALS.map(({ key, label }) => (
          <WeightField key={key} signal={key} label={label} value={draft[key]} onChange={(value) => setDraft((d) => ({ ...d, [key]: value }))} />
        ))}
        <div className="modal-actions">
          <button type="submit" className="button primary" data-testid="settings-save" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            data-testid="settings-reset"
            disabled={sameWeights(draft, DEFAULT_SEARCH_WEIGHTS)}
            onClick={() => setDraft(DEFAULT_SEARCH_WEIGHTS)}
          >
            Reset to defaults
          </button>
          {dirty ? <span className="muted small">Unsaved changes</span> : null}
        </div>
        {save.isError ? (
          <p className="error-text" data-testid="settings-error" role="alert">
            {errorText(save.error)}
          </p>
        ) : null}
      </form>
    </section>
  )
}

interface WeightFieldProps {
  signal: keyof SearchWeights
  label: string
  value: number
  onChange(value: number): void
}

function WeightField({ signal, label, value, onChange }: WeightFieldProps) {
  const id = useId()
  // While typing, the number box shows exactly what was typed ("1." or ""), not the last valid number.
  const [typed, setTyped] = useState<string | null>(null)
  return (
    <div className="weight-row" data-testid={`weight-${signal}-row`}>
      <label htmlFor={`${id}-range`} className="weight-label">
        {label}
      </label>
      <input
        id={`${id}-range`}
        type="range"
        className="weight-range"
        data-testid={`weight-${signal}-range`}
        min={WEIGHT_MIN}
        max={WEIGHT_MAX}
        step={WEIGHT_STEP}
        value={value}
        onChange={(event) => onChange(normalizeWeight(event.target.valueAsNumber))}
      />
      <input
        type="number"
        className="text-input weight-number"
        // The number box carries the short test id: it is the one a test (or a person) can type into.
        data-testid={`weight-${signal}`}
        aria-label={label}
        min={WEIGHT_MIN}
        max={WEIGHT_MAX}
        step={WEIGHT_STEP}
        value={typed ?? String(value)}
        onChange={(event) => {
          setTyped(event.target.value)
          const parsed = parseWeightInput(event.target.value)
          if (parsed !== null) onChange(parsed)
        }}
        onBlur={() => setTyped(null)}
      />
    </div>
  )
}

function FaceGroupingForm({ saved }: { saved: FaceGrouping }) {
  const save = useSaveSettings()
  const notify = useNotify()
  const id = useId()
  const [draft, setDraft] = useState<FaceGroupingDraft>(() => draftOf(saved))
  const result = groupingOf(draft)
  const valid = 'grouping' in result ? result.grouping : null
  const dirty = valid === null || !sameGrouping(valid, saved)
  const set = (change: Partial<FaceGroupingDraft>) => setDraft((d) => ({ ...d, ...change }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid) return
    try {
      await save.mutateAsync({ faceGrouping: valid })
      notify('info', 'Face grouping saved; people are being regrouped')
    } catch {
      // Shown inline under the form.
    }
  }

  return (
    <section className="page-section">
      <div className="section-title">
        <h3>People</h3>
      </div>
      <form className="settings-form" data-testid="face-grouping-form" onSubmit={submit}>
        <p className="muted small">
          How strictly faces are grouped into people. Stricter settings split one person more often (you merge them with one click);
          looser ones risk mixing two people. Saving regroups every face; names you gave and faces you confirmed or removed stay as they
          are.
        </p>
        <div className="weight-row setting-number-row">
          <label htmlFor={`${id}-match`} className="weight-label">
            Same-person similarity
          </label>
          <input
            id={`${id}-match`}
            type="number"
            className="text-input weight-number"
            data-testid="grouping-match"
            min={SIMILARITY_MIN}
            max={SIMILARITY_MAX}
            step={0.01}
            value={draft.matchSimilarity}
            onChange={(event) => set({ matchSimilarity: event.target.valueAsNumber })}
          />
        </div>
        <div className="weight-row setting-number-row">
          <label htmlFor={`${id}-min`} className="weight-label">
            Photos needed to make a person
          </label>
          <input
            id={`${id}-min`}
            type="number"
            className="text-input weight-number"
            data-testid="grouping-min-faces"
            min={MIN_FACES_MIN}
            max={MIN_FACES_MAX}
            step={1}
            value={draft.minFaces}
            onChange={(event) => set({ minFaces: event.target.valueAsNumber })}
          />
        </div>
        <div className="weight-row setting-number-row">
          <label className="weight-label">
            <input type="checkbox" data-testid="grouping-pairs" checked={draft.pairs} onChange={(event) => set({ pairs: event.target.checked })} /> Two
            very similar photos are enough, at similarity
          </label>
          <input
            type="number"
            className="text-input weight-number"
            aria-label="Pair similarity"
            data-testid="grouping-pair-similarity"
            disabled={!draft.pairs}
            min={SIMILARITY_MIN}
            max={0.99}
            step={0.01}
            value={draft.pairSimilarity}
            onChange={(event) => set({ pairSimilarity: event.target.valueAsNumber })}
          />
        </div>
        <div className="modal-actions">
          <button type="submit" className="button primary" data-testid="grouping-save" disabled={!dirty || !valid || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save and regroup'}
          </button>
          <button
            type="button"
            className="button"
            data-testid="grouping-reset"
            disabled={valid !== null && sameGrouping(valid, DEFAULT_FACE_GROUPING)}
            onClick={() => setDraft(draftOf(DEFAULT_FACE_GROUPING))}
          >
            Reset to defaults
          </button>
          {dirty && valid ? <span className="muted small">Unsaved changes</span> : null}
        </div>
        {'error' in result ? (
          <p className="error-text" data-testid="grouping-invalid" role="alert">
            {result.error}
          </p>
        ) : null}
        {save.isError ? (
          <p className="error-text" role="alert">
            {errorText(save.error)}
          </p>
        ) : null}
      </form>
    </section>
  )
}
