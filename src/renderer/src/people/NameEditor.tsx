// The person's name: type, pick from names already used, Enter saves. Typing the name of another
// person offers to merge the two instead of creating a namesake.
import { useId, useState, type KeyboardEvent } from 'react'
import type { PersonDetail, PersonSummary } from '../../../shared/domain'
import { useMergePeople, usePeople, usePersonNames, useRenamePerson } from '../api'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferUndo } from '../app/undo'
import { findNamesake, personLabel } from '../lib/people'

export function NameEditor({ person }: { person: PersonDetail }) {
  const [value, setValue] = useState(person.name ?? '')
  const [namesake, setNamesake] = useState<PersonSummary | null>(null)
  const listId = useId()
  const names = usePersonNames(value)
  const everyone = usePeople(true)
  const rename = useRenamePerson()
  const merge = useMergePeople()
  const notify = useNotify()
  const offerUndo = useOfferUndo()
  const { navigate } = useNavigation()
  const name = value.trim()
  const dirty = name !== (person.name ?? '')

  async function save(force: boolean) {
    if (!name || !dirty) return
    const other = force ? null : findNamesake(everyone.data ?? [], name, person.id)
    if (other) {
      setNamesake(other)
      return
    }
    setNamesake(null)
    try {
      await rename.mutateAsync({ personId: person.id, name })
      offerUndo(person.name ? `Renamed ${person.name} to ${name}` : `Named ${name}`)
    } catch (error) {
      notify('error', `Could not rename: ${errorText(error)}`)
    }
  }

  async function mergeIntoNamesake(other: PersonSummary) {
    setNamesake(null)
    try {
      await merge.mutateAsync({ personIds: [person.id], into: other.id })
      offerUndo(`Merged into ${personLabel(other)}`)
      navigate({ name: 'person', personId: other.id })
    } catch (error) {
      notify('error', `Could not merge: ${errorText(error)}`)
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      void save(false)
    } else if (event.key === 'Escape') {
      setValue(person.name ?? '')
      setNamesake(null)
    }
  }

  return (
    <div className="name-editor">
      <input
        className="name-input"
        data-testid="person-name-input"
        aria-label="Name"
        placeholder="Add a name"
        list={listId}
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={rename.isPending}
        onChange={(event) => {
          setValue(event.target.value)
          setNamesake(null)
        }}
        onKeyDown={onKeyDown}
      />
      <datalist id={listId}>
        {(names.data ?? []).filter((n) => n !== person.name).map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {dirty && name && !namesake ? <span className="muted small">Press Enter to save</span> : null}
      {namesake ? (
        <div className="inline-confirm" data-testid="person-name-namesake">
          <span>
            {personLabel(namesake)} already exists ({namesake.photoCount} {namesake.photoCount === 1 ? 'photo' : 'photos'}). Same person?
          </span>
          <button type="button" className="button small primary" data-testid="person-name-merge" onClick={() => mergeIntoNamesake(namesake)}>
            Merge into {personLabel(namesake)}
          </button>
          <button type="button" className="button small" data-testid="person-name-keep" onClick={() => save(true)}>
            Keep separate
          </button>
        </div>
      ) : null}
    </div>
  )
}
