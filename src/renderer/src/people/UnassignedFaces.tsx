// Faces the clustering left on their own (one photo of someone is not a group yet). The user can
// hand them to a person; that also teaches the clustering (moved faces are pinned).
import { useMemo, useState, type MouseEvent } from 'react'
import { useMoveFaces, usePeople, useUnassignedFaces } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferUndo } from '../app/undo'
import { formatCount, pluralize } from '../lib/format'
import { clickFace, EMPTY_SELECTION, personLabel, pruneSelection, type FaceSelection } from '../lib/people'
import { FaceTile } from './FaceTile'
import { PersonPicker } from './PersonPicker'

export function UnassignedFaces() {
  const faces = useUnassignedFaces()
  const people = usePeople(false)
  const move = useMoveFaces()
  const notify = useNotify()
  const offerUndo = useOfferUndo()
  const [rawSelection, setSelection] = useState<FaceSelection>(EMPTY_SELECTION)
  const [picking, setPicking] = useState(false)
  const list = useMemo(() => faces.data ?? [], [faces.data])
  const ids = useMemo(() => list.map((f) => f.id), [list])
  const selection = pruneSelection(rawSelection, ids)
  const selected = ids.filter((id) => selection.selected.has(id))

  if (faces.isError) return <p className="error-text small">Could not list ungrouped faces: {errorText(faces.error)}</p>
  if (list.length === 0) return null

  function onClick(event: MouseEvent, index: number) {
    if (event.shiftKey) event.preventDefault()
    setSelection(clickFace(selection, ids, index, event.shiftKey))
  }

  async function moveTo(personId: number) {
    setPicking(false)
    const target = people.data?.find((p) => p.id === personId)
    const count = pluralize(selected.length, 'face', 'faces')
    try {
      await move.mutateAsync({ faceIds: selected, to: personId })
      setSelection(EMPTY_SELECTION)
      offerUndo(`Added ${count} to ${target ? personLabel(target) : 'the person'}`)
    } catch (error) {
      notify('error', `Could not move the faces: ${errorText(error)}`)
    }
  }

  return (
    <section className="page-section" data-testid="people-unassigned-faces">
      <div className="section-title sticky-actions">
        <h3>Not grouped yet ({formatCount(list.length)})</h3>
        {selected.length > 0 ? (
          <div className="selection-bar">
            <span className="small">{pluralize(selected.length, 'face', 'faces')} selected</span>
            <button type="button" className="button small" data-testid="unassigned-move" disabled={move.isPending} onClick={() => setPicking(true)}>
              Add to person…
            </button>
            <button type="button" className="button small" onClick={() => setSelection(EMPTY_SELECTION)}>
              Clear
            </button>
          </div>
        ) : (
          <span className="muted small">Faces seen once; select some to add them to a person</span>
        )}
      </div>
      <div className="face-grid">
        {list.map((face, index) => (
          <FaceTile key={face.id} face={face} selected={selection.selected.has(face.id)} testId="unassigned-face" onClick={(event) => onClick(event, index)} />
        ))}
      </div>
      {picking ? <PersonPicker title={`Add ${pluralize(selected.length, 'face', 'faces')} to…`} excludeIds={[]} onPick={moveTo} onClose={() => setPicking(false)} /> : null}
    </section>
  )
}
