// The toolbar's search field: results follow the text as it is typed (the App debounces), and a
// dropdown completes the word being typed with people, places, cameras and years the library knows.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { SearchSuggestion } from '../../../shared/domain'
import { useSearchSuggestions } from '../api'
import { useDebouncedValue } from '../app/use-debounced-value'
import { applySuggestion, lastWord } from '../lib/search-text'

const SUGGEST_DEBOUNCE_MS = 150

const KIND_LABELS: Record<SearchSuggestion['kind'], string> = {
  person: 'Person',
  place: 'Place',
  camera: 'Camera',
  year: 'Year',
  tag: 'Tag',
}

interface SearchBarProps {
  value: string
  onChange(text: string): void
  /** Esc or the × button: back to the library. */
  onClear(): void
}

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

export function SearchBar({ value, onChange, onClear }: SearchBarProps) {
  const inputRef = useRef<HTMLInputElement>(null)
  const listId = useId()
  const [focused, setFocused] = useState(false)
  const [dismissed, setDismissed] = useState(false)
  const [highlight, setHighlight] = useState(-1)
  const word = useDebouncedValue(lastWord(value), SUGGEST_DEBOUNCE_MS)
  const suggestions = useSearchSuggestions(word)
  // Suggestions for a word the user has since finished typing would be stale: only show current ones.
  const list = word !== '' && word === lastWord(value) ? (suggestions.data ?? []) : []
  const open = focused && !dismissed && list.length > 0

  // "/" or Ctrl/⌘+K jumps to the search field from anywhere (except while typing elsewhere).
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return
      const find = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k'
      if (find || (event.key === '/' && !isTypingTarget(event.target))) {
        event.preventDefault()
        inputRef.current?.focus()
        inputRef.current?.select()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  function change(text: string) {
    onChange(text)
    setDismissed(false)
    setHighlight(-1)
  }

  function pick(suggestion: SearchSuggestion) {
    change(applySuggestion(value, suggestion.value))
    setDismissed(true)
    inputRef.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault()
      setDismissed(true)
      onClear()
      inputRef.current?.blur()
    } else if (event.key === 'ArrowDown' && open) {
      event.preventDefault()
      setHighlight((h) => (h + 1) % list.length)
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault()
      setHighlight((h) => (h <= 0 ? list.length - 1 : h - 1))
    } else if (event.key === 'Enter') {
      const chosen = open && highlight >= 0 ? list[highlight] : undefined
      if (chosen) {
        event.preventDefault()
        pick(chosen)
      } else setDismissed(true)
    }
  }

  return (
    <div className="search-bar" role="search">
      <svg className="search-icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M15.5 15.5 L21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <input
        ref={inputRef}
        className="search-input"
        data-testid="search-input"
        type="search"
        role="combobox"
        aria-label="Search photos"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && highlight >= 0 ? `${listId}-${highlight}` : undefined}
        placeholder="Search: cat, beach 2019, Germany…"
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      {value ? (
        <button type="button" className="icon-button search-clear" data-testid="search-clear" aria-label="Clear search (Esc)" onClick={onClear}>
          ×
        </button>
      ) : null}
      {open ? (
        <ul className="search-suggestions" id={listId} role="listbox" data-testid="search-suggestions">
          {list.map((s, i) => (
            <li
              key={`${s.kind}:${s.value}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === highlight}
              className={i === highlight ? 'suggestion highlighted' : 'suggestion'}
              data-testid="search-suggestion"
              data-kind={s.kind}
              // mousedown, not click: the input must keep its focus (blur would close the list first).
              onMouseDown={(event) => {
                event.preventDefault()
                pick(s)
              }}
              onMouseEnter={() => setHighlight(i)}
            >
              <span className="suggestion-value">{s.value}</span>
              <span className="suggestion-kind">{KIND_LABELS[s.kind] ?? s.kind}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
