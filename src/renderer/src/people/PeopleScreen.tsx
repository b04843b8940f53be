// Everyone the face pipeline found: named people first, then the unnamed review queue (largest first),
// merge suggestions on top, hidden people behind a toggle.
import { useState } from 'react'
import { usePeople, useRecluster } from '../api'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { formatCount } from '../lib/format'
import { arrangePeople } from '../lib/people'
import { MergeSuggestions } from './MergeSuggestions'
import { PersonCard } from './PersonCard'
import { UnassignedFaces } from './UnassignedFaces'

export function PeopleScreen() {
  const [showHidden, setShowHidden] = useState(false)
  const people = usePeople(showHidden)
  const { navigate } = useNavigation()
  const open = (personId: number) => navigate({ name: 'person', personId })
  const { named, unnamed } = arrangePeople(people.data ?? [])
  const recluster = useRecluster()
  const notify = useNotify()

  async function regroup() {
    try {
      const { queued } = await recluster.mutateAsync({})
      notify('info', queued ? 'Regrouping all faces in the background' : 'Faces are already being regrouped')
    } catch (error) {
      notify('error', `Could not regroup faces: ${errorText(error)}`)
    }
  }

  return (
    <div className="page" data-testid="people-screen">
      <header className="page-header">
        <h1>People</h1>
        <span className="muted">{people.data ? formatCount(people.data.length) : ''}</span>
        <div className="toolbar-spacer" />
        <label className="checkbox">
          <input type="checkbox" data-testid="people-show-hidden" checked={showHidden} onChange={(event) => setShowHidden(event.target.checked)} />
          Show hidden people
        </label>
        <button
          type="button"
          className="button small"
          data-testid="people-recluster"
          title="Group all faces again (faces you confirmed stay with their person)"
          disabled={recluster.isPending}
          onClick={regroup}
        >
          Regroup faces
        </button>
      </header>
      {people.isError ? <p className="error-text page-message">Could not load people: {errorText(people.error)}</p> : null}
      {people.isPending ? <p className="muted page-message">Loading people…</p> : null}
      {people.data?.length === 0 ? (
        <div className="page-message" data-testid="people-empty">
          <p>No people yet.</p>
          <p className="muted small">Faces are found while photos are analysed, then grouped into people. Name a group to find its photos by name.</p>
        </div>
      ) : null}
      <MergeSuggestions onOpen={open} />
      {named.length > 0 ? (
        <section className="page-section" data-testid="people-named">
          <div className="section-title">
            <h3>Named</h3>
          </div>
          <div className="person-grid">
            {named.map((p) => (
              <PersonCard key={p.id} person={p} onOpen={open} />
            ))}
          </div>
        </section>
      ) : null}
      {unnamed.length > 0 ? (
        <section className="page-section" data-testid="people-unnamed">
          <div className="section-title">
            <h3>To review</h3>
            <span className="muted small">Unnamed groups, largest first: name them, merge them or hide them</span>
          </div>
          <div className="person-grid">
            {unnamed.map((p) => (
              <PersonCard key={p.id} person={p} onOpen={open} />
            ))}
          </div>
        </section>
      ) : null}
      <UnassignedFaces />
    </div>
  )
}
