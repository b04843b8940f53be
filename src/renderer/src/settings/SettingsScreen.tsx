// Library settings: how much each search signal (words, tags, CLIP) counts when ranking, and how
// strictly faces are grouped into people.
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { FaceGrouping, SearchWeights } from '../../../shared/domain'
import { useSaveSettings, useSettings } from '../api'
import { DuplicateSettingsForm } from '../duplicates'
import { BackupSection } from './BackupSection'
import { IntegritySection } from './IntegritySection'
import { SidecarsSection } from './SidecarsSection'
import { StackSection } from './StackSection'
import { VideoSection } from './VideoSection'
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
      {settings.data?.duplicates ? <DuplicateSettingsForm key={JSON.stringify(settings.data.duplicates)} saved={settings.data.duplicates} /> : null}
      {settings.data?.stacks ? <StackSection key={String(settings.data.stacks.enabled)} saved={settings.data.stacks} /> : null}
      {settings.data?.videos ? <VideoSection key={settings.data.videos.ffmpeg} saved={settings.data.videos} inUse={settings.data.ffmpegInUse} /> : null}
      <BackupSection />
      <SidecarsSection />
      <IntegritySection />
    </div>
  )
}

function SearchWeightsForm({ saved }: { saved: SearchWeights }) {
  const save = useSaveSettings()
  const notify = useNotify()
  const [draft, setDraft] = useState<SearchWeights>(saved)
  const dirty = !sameWeights(draft, saved)

  async function submit() {
    await save.mutateAsync({ searchWeights: draft })
    notify('info', 'Search weights saved')
  }

  return (
    <SettingsForm
      title="Search"
      testId="search-weights-form"
      intro={
        <>
          How much each signal counts when ranking search results. 0 turns a signal off. The CLI's <code>--weights</code> overrides these for one
          query.
        </>
      }
      onSubmit={submit}
      save={{ label: 'Save', testId: 'settings-save', disabled: !dirty || save.isPending, pending: save.isPending }}
      reset={{ testId: 'settings-reset', disabled: sameWeights(draft, DEFAULT_SEARCH_WEIGHTS), onClick: () => setDraft(DEFAULT_SEARCH_WEIGHTS) }}
      unsaved={dirty}
      saveError={save.isError ? { testId: 'settings-error', message: errorText(save.error) } : null}
    >
      {SEARCH_SIGNALS.map(({ key, label }) => (
        <WeightField key={key} signal={key} label={label} value={draft[key]} onChange={(value) => setDraft((d) => ({ ...d, [key]: value }))} />
      ))}
    </SettingsForm>
  )
}

interface SettingsFormProps {
  title: string
  testId: string
  intro: ReactNode
  /** Saves the form; a failure is shown from `saveError`, so it is caught here. */
  onSubmit(): Promise<void>
  save: { label: string; testId: string; disabled: boolean; pending: boolean }
  reset: { testId: string; disabled: boolean; onClick(): void }
  unsaved: boolean
  /** What is wrong with the draft (nothing is saved while there is something). */
  problem?: { testId: string; message: string } | null
  saveError: { testId?: string; message: string } | null
  children: ReactNode
}

/** One settings section: its fields, then Save / Reset to defaults / "Unsaved changes" and errors. */
function SettingsForm(props: SettingsFormProps) {
  async function submit(event: FormEvent) {
    event.preventDefault()
    try {
      await props.onSubmit()
    } catch {
      // Shown inline under the form.
    }
  }
  return (
    <section className="page-section">
      <div className="section-title">
        <h3>{props.title}</h3>
      </div>
      <form className="settings-form" data-testid={props.testId} onSubmit={submit}>
        <p className="muted small">{props.intro}</p>
        {props.children}
        <div className="modal-actions">
          <button type="submit" className="button primary" data-testid={props.save.testId} disabled={props.save.disabled}>
            {props.save.pending ? 'Saving…' : props.save.label}
          </button>
          <button type="button" className="button" data-testid={props.reset.testId} disabled={props.reset.disabled} onClick={props.reset.onClick}>
            Reset to defaults
          </button>
          {props.unsaved ? <span className="muted small">Unsaved changes</span> : null}
        </div>
        {props.problem ? (
          <p className="error-text" data-testid={props.problem.testId} role="alert">
            {props.problem.message}
          </p>
        ) : null}
        {props.saveError ? (
          <p className="error-text" data-testid={props.saveError.testId} role="alert">
            {props.saveError.message}
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
  const [draft, setDraft] = useState<FaceGroupingDraft>(() => draftOf(saved))
  const result = groupingOf(draft)
  const valid = 'grouping' in result ? result.grouping : null
  const dirty = valid === null || !sameGrouping(valid, saved)
  const set = (change: Partial<FaceGroupingDraft>) => setDraft((d) => ({ ...d, ...change }))

  async function submit() {
    if (!valid) return
    await save.mutateAsync({ faceGrouping: valid })
    notify('info', 'Face grouping saved; people are being regrouped')
  }

  return (
    <SettingsForm
      title="People"
      testId="face-grouping-form"
      intro="How strictly faces are grouped into people. Stricter settings split one person more often (you merge them with one click); looser ones risk mixing two people. Saving regroups every face; names you gave and faces you confirmed or removed stay as they are."
      onSubmit={submit}
      save={{ label: 'Save and regroup', testId: 'grouping-save', disabled: !dirty || !valid || save.isPending, pending: save.isPending }}
      reset={{
        testId: 'grouping-reset',
        disabled: valid !== null && sameGrouping(valid, DEFAULT_FACE_GROUPING),
        onClick: () => setDraft(draftOf(DEFAULT_FACE_GROUPING)),
      }}
      unsaved={dirty && valid !== null}
      problem={'error' in result ? { testId: 'grouping-invalid', message: result.error } : null}
      saveError={save.isError ? { message: errorText(save.error) } : null}
    >
      <NumberSetting
        label="Same-person similarity"
        testId="grouping-match"
        min={SIMILARITY_MIN}
        max={SIMILARITY_MAX}
        step={0.01}
        value={draft.matchSimilarity}
        onChange={(matchSimilarity) => set({ matchSimilarity })}
      />
      <NumberSetting
        label="Photos needed to make a person"
        testId="grouping-min-faces"
        min={MIN_FACES_MIN}
        max={MIN_FACES_MAX}
        step={1}
        value={draft.minFaces}
        onChange={(minFaces) => set({ minFaces })}
      />
      <NumberSetting
        label={
          <>
            <input type="checkbox" data-testid="grouping-pairs" checked={draft.pairs} onChange={(event) => set({ pairs: event.target.checked })} /> Two
            very similar photos are enough, at similarity
          </>
        }
        ariaLabel="Pair similarity"
        testId="grouping-pair-similarity"
        disabled={!draft.pairs}
        min={SIMILARITY_MIN}
        max={0.99}
        step={0.01}
        value={draft.pairSimilarity}
        onChange={(pairSimilarity) => set({ pairSimilarity })}
      />
    </SettingsForm>
  )
}

interface NumberSettingProps {
  label: ReactNode
  /** For a label that holds a control of its own (then it cannot also label the number box). */
  ariaLabel?: string
  testId: string
  min: number
  max: number
  step: number
  value: number
  disabled?: boolean
  onChange(value: number): void
}

/** A label and a number box (invalid numbers are caught by the form's own check). */
function NumberSetting({ label, ariaLabel, testId, min, max, step, value, disabled, onChange }: NumberSettingProps) {
  const id = useId()
  return (
    <div className="weight-row setting-number-row">
      <label htmlFor={ariaLabel ? undefined : id} className="weight-label">
        {label}
      </label>
      <input
        id={id}
        type="number"
        className="text-input weight-number"
        data-testid={testId}
        aria-label={ariaLabel}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.valueAsNumber)}
      />
    </div>
  )
}
