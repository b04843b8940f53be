// One person: name, every face (multi-select to split, move or reject), person-level actions, and
// the person's photos. Every edit offers Undo.
import { useMemo, useState, type MouseEvent } from 'react'
import type { AssetSummary, PersonDetail } from '../../../shared/domain'
import { useDeletePerson, useHidePerson, useMergePeople, useMoveFaces, usePeople, usePerson, usePersonPhotos, useRemoveFaces, useSplitFaces } from '../api'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferUndo } from '../app/undo'
import { PhotoList } from '../library'
import { formatCount, pluralize } from '../lib/format'
import { clickFace, EMPTY_SELECTION, personLabel, pruneSelection, type FaceSelection } from '../lib/people'
import { coverOf, FaceCrop } from './FaceCrop'
import { FaceTile } from './FaceTile'
import { NameEditor } from './NameEditor'
import { PersonPicker } from './PersonPicker'
import { ExportButton } from '../export'
import { SelectionBar, useListSelection, useSelectionKeys } from '../selection'

const assetOf = (asset: AssetSummary) => asset

export function PersonPage({ personId }: { personId: number }) {
  const person = usePerson(personId)
  const { navigate } = useNavigation()

  if (person.isPending) return <div className="center muted">Loading…</div>
  if (person.isError) return <div className="center error-text">Could not load this person: {errorText(person.error)}</div>
  if (!person.data)
    return (
      <div className="center" data-testid="person-gone">
        <p>This person is no longer in the library (merged or deleted).</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'people' })}>
          Back to People
        </button>
      </div>
    )
  // Keyed by the saved name, so the editor resets when the name changes elsewhere (undo, merge).
  return <PersonView key={`${person.data.id}:${person.data.name ?? ''}`} person={person.data} />
}

type Picking = { purpose: 'move' } | { purpose: 'merge' } | null

function PersonView({ person }: { person: PersonDetail }) {
  const { navigate, openPhotos } = useNavigation()
  const notify = useNotify()
  const offerUndo = useOfferUndo()
  const photos = usePersonPhotos(person.id)
  const split = useSplitFaces()
  const move = useMoveFaces()
  const remove = useRemoveFaces()
  const merge = useMergePeople()
  const hide = useHidePerson()
  const del = useDeletePerson()
  const people = usePeople(true)
  const [rawSelection, setSelection] = useState<FaceSelection>(EMPTY_SELECTION)
  const [picking, setPicking] = useState<Picking>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const faceIds = useMemo(() => person.faces.map((f) => f.id), [person.faces])
  // Faces can leave this person at any time (an edit, a recluster): never act on ones not shown.
  const selection = pruneSelection(rawSelection, faceIds)
  const selected = faceIds.filter((id) => selection.selected.has(id))
  const label = personLabel(person)
  const personPhotos = useMemo(() => photos.data ?? [], [photos.data])
  // The person's photos select like any grid; the faces above keep their own selection (split, move).
  const photoSelection = useListSelection(personPhotos, (index) => openPhotos(personPhotos, index))
  useSelectionKeys(photoSelection, selection.selected.size === 0)
  const busy = split.isPending || move.isPending || remove.isPending || merge.isPending || hide.isPending || del.isPending

  function onFaceClick(event: MouseEvent, index: number) {
    // Shift-click would also select the page's text.
    if (event.shiftKey) event.preventDefault()
    setSelection(clickFace(selection, faceIds, index, event.shiftKey))
  }

  async function run(action: () => Promise<unknown>, undoText: string, failure: string): Promise<boolean> {
    try {
      await action()
      setSelection(EMPTY_SELECTION)
      offerUndo(undoText)
      return true
    } catch (error) {
      notify('error', `${failure}: ${errorText(error)}`)
      return false
    }
  }

  const faceCount = pluralize(selected.length, 'face', 'faces')
  const splitFaces = () =>
    run(() => split.mutateAsync({ personId: person.id, faceIds: selected }), `Split ${faceCount} into a new person`, 'Could not split')
  const removeFaces = () => run(() => remove.mutateAsync({ faceIds: selected }), `Removed ${faceCount} from ${label}`, 'Could not remove the faces')

  async function onPick(targetId: number) {
    const target = people.data?.find((p) => p.id === targetId)
    const targetLabel = target ? personLabel(target) : 'the other person'
    const purpose = picking?.purpose
    setPicking(null)
    if (purpose === 'move') {
      await run(() => move.mutateAsync({ faceIds: selected, to: targetId }), `Moved ${faceCount} to ${targetLabel}`, 'Could not move the faces')
    } else if (purpose === 'merge') {
      const ok = await run(() => merge.mutateAsync({ personIds: [person.id], into: targetId }), `Merged ${label} into ${targetLabel}`, 'Could not merge')
      if (ok) navigate({ name: 'person', personId: targetId })
    }
  }

  async function toggleHidden() {
    await run(() => hide.mutateAsync({ personId: person.id, hidden: !person.hidden }), person.hidden ? `${label} is shown again` : `${label} is hidden`, 'Could not change visibility')
  }

  async function deletePerson() {
    setConfirmDelete(false)
    const ok = await run(() => del.mutateAsync({ personId: person.id }), `Deleted ${label} and their faces`, 'Could not delete')
    if (ok) navigate({ name: 'people' })
  }

  return (
    <div className="page" data-testid="person-page" data-person-id={person.id}>
      <header className="person-header">
        <button type="button" className="button small" data-testid="person-back" onClick={() => navigate({ name: 'people' })}>
          ‹ People
        </button>
        <FaceCrop face={coverOf(person)} size="large" />
        <div className="person-title">
          <NameEditor person={person} />
          <span className="muted small">
            {pluralize(person.photoCount, 'photo', 'photos')} · {pluralize(person.faceCount, 'face', 'faces')}
            {person.hidden ? ' · hidden' : ''}
          </span>
        </div>
        <div className="toolbar-spacer" />
        <div className="button-group">
          <ExportButton className="button" source={() => ({ personId: person.id })} what={`the photos of ${person.name ?? 'this person'}`} />
          <button type="button" className="button" data-testid="person-merge" disabled={busy} onClick={() => setPicking({ purpose: 'merge' })}>
            Merge into…
          </button>
          <button type="button" className="button" data-testid="person-hide" disabled={busy} onClick={toggleHidden}>
            {person.hidden ? 'Unhide' : 'Hide'}
          </button>
          {confirmDelete ? (
            <span className="inline-confirm" data-testid="person-delete-confirmation">
              <span className="small">Delete {person.name ? label : 'this person'} and all their faces?</span>
              <button type="button" className="button small danger" data-testid="person-delete-confirm" disabled={busy} onClick={deletePerson}>
                Delete
              </button>
              <button type="button" className="button small" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="button" data-testid="person-delete" disabled={busy} onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          )}
        </div>
      </header>

      <section className="page-section" data-testid="person-faces">
        <div className="section-title sticky-actions">
          <h3>Faces ({formatCount(person.faces.length)})</h3>
          {selected.length > 0 ? (
            <div className="selection-bar" data-testid="face-selection">
              <span className="small">{faceCount} selected</span>
              <button type="button" className="button small" data-testid="face-split" disabled={busy} onClick={splitFaces}>
                Split into new person
              </button>
              <button type="button" className="button small" data-testid="face-move" disabled={busy} onClick={() => setPicking({ purpose: 'move' })}>
                Move to…
              </button>
              <button type="button" className="button small" data-testid="face-remove" disabled={busy} onClick={removeFaces}>
                {person.name ? `Not ${label}` : 'Not this person'}
              </button>
              <button type="button" className="button small" onClick={() => setSelection(EMPTY_SELECTION)}>
                Clear
              </button>
            </div>
          ) : (
            <span className="muted small">Click faces to select them (Shift-click for a range)</span>
          )}
        </div>
        <div className="face-grid">
          {person.faces.map((face, index) => (
            <FaceTile key={face.id} face={face} selected={selection.selected.has(face.id)} onClick={(event) => onFaceClick(event, index)} />
          ))}
        </div>
      </section>

      <section className="page-section" data-testid="person-photos">
        <div className="section-title">
          <h3>Photos{photos.data ? ` (${formatCount(photos.data.length)})` : ''}</h3>
        </div>
        {photos.isError ? <p className="error-text small">{errorText(photos.error)}</p> : null}
        {photos.data ? (
          <PhotoList
            items={personPhotos}
            assetOf={assetOf}
            testId="person-photo-list"
            tileTestId="person-photo"
            selection={photoSelection}
            onOpen={(index) => openPhotos(personPhotos, index)}
          />
        ) : null}
      </section>

      <SelectionBar selection={photoSelection} />
      {picking ? (
        <PersonPicker
          title={picking.purpose === 'move' ? `Move ${faceCount} to…` : `Merge ${label} into…`}
          excludeIds={[person.id]}
          onPick={onPick}
          onClose={() => setPicking(null)}
        />
      ) : null}
    </div>
  )
}
