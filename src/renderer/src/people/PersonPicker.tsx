// "Move to…" / "Merge into…": pick another person, filtered by name as you type.
import { useEffect, useMemo, useRef, useState } from 'react'
import { usePeople } from '../api'
import { arrangePeople, normalizeName, personLabel } from '../lib/people'
import { pluralize } from '../lib/format'
import { coverOf, FaceCrop } from './FaceCrop'

interface PersonPickerProps {
  title: string
  excludeIds: readonly number[]
  onPick(personId: number): void
  onClose(): void
}

export function PersonPicker({ title, excludeIds, onPick, onClose }: PersonPickerProps) {
  const people = usePeople(false)
  const [filter, setFilter] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    inputRef.current?.focus()
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        event.preventDefault()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const options = useMemo(() => {
    const { named, unnamed } = arrangePeople((people.data ?? []).filter((p) => !excludeIds.includes(p.id)))
    const key = normalizeName(filter)
    const all = [...named, ...unnamed]
    return key ? all.filter((p) => normalizeName(personLabel(p)).includes(key)) : all
  }, [people.data, excludeIds, filter])

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal picker" role="dialog" aria-modal="true" aria-label={title} data-testid="person-picker">
        <h2>{title}</h2>
        <input
          ref={inputRef}
          className="text-input plain"
          data-testid="person-picker-filter"
          placeholder="Filter by name"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            const first = options[0]
            if (event.key === 'Enter' && first) onPick(first.id)
          }}
        />
        <ul className="picker-list">
          {options.map((p) => (
            <li key={p.id}>
              <button type="button" className="picker-option" data-testid="person-option" data-person-id={p.id} onClick={() => onPick(p.id)}>
                <FaceCrop face={coverOf(p)} size="small" />
                <span className={p.name ? '' : 'muted'}>{personLabel(p)}</span>
                <span className="muted small push-right">{pluralize(p.photoCount, 'photo', 'photos')}</span>
              </button>
            </li>
          ))}
          {people.data && options.length === 0 ? (
            <li className="muted small">{filter.trim() ? 'Nobody matches that name.' : 'There is nobody else yet.'}</li>
          ) : null}
        </ul>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
