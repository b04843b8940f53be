// Results of the search bar's text, replacing the library grid while there is a query.
import { useMemo } from 'react'
import type { AssetSummary, SearchHit } from '../../../shared/domain'
import { useSearch } from '../api'
import { errorText } from '../app/notices'
import { PhotoList } from '../library'
import { pluralize } from '../lib/format'
import { understoodParts } from '../lib/search-text'
import { SelectionBar, useListSelection, useSelectionKeys } from '../selection'
import { HitOverlay } from './HitOverlay'

interface SearchResultsProps {
  /** The debounced query text. */
  text: string
  /** True while the user typed something the results do not reflect yet. */
  typing: boolean
  onOpen(assets: AssetSummary[], index: number): void
}

const assetOf = (hit: SearchHit) => hit.asset
const overlay = (hit: SearchHit) => <HitOverlay hit={hit} />

export function SearchResults({ text, typing, onOpen }: SearchResultsProps) {
  const search = useSearch(text)
  const result = search.data
  // placeholderData keeps the previous query's results on screen while this one loads.
  const stale = typing || search.isPlaceholderData || search.isFetching
  const parts = result ? understoodParts(result.understood) : []
  const assets = useMemo(() => result?.hits.map(assetOf) ?? [], [result])
  const selection = useListSelection(assets, (index) => onOpen(assets, index))
  useSelectionKeys(selection)

  return (
    <section className="results" data-testid="search-view" data-query={text.trim()} data-state={stale ? 'loading' : 'ready'} aria-busy={stale}>
      <header className="results-header">
        <div className="results-title">
          <h2>{result ? pluralize(result.hits.length, 'photo', 'photos') : 'Searching…'}</h2>
          {stale && result ? <span className="spinner" aria-label="Searching" /> : null}
        </div>
        {result ? (
          <p className="understood" data-testid="search-understood">
            {parts.length > 0 ? (
              <>
                <span className="muted">Searched for </span>
                {parts.map((part, i) => (
                  <span key={`${part.kind}:${i}`} className={`understood-part understood-${part.kind}`} data-kind={part.kind}>
                    {part.label}
                  </span>
                ))}
              </>
            ) : (
              <span className="muted">Searched for everything</span>
            )}
          </p>
        ) : null}
      </header>
      <SelectionBar selection={selection} />
      {search.isError ? (
        <p className="error-text results-message" data-testid="search-error">
          Search failed: {errorText(search.error)}
        </p>
      ) : null}
      {result && result.hits.length === 0 && !stale ? (
        <div className="results-message" data-testid="search-empty">
          <p>No photos match “{text.trim()}”.</p>
          <p className="muted small">
            Try another word, a place, a camera or a year. Photos are searched by what is in them (tags), words around them (folder and file
            names, text in the photo) and when and where they were taken.
          </p>
        </div>
      ) : null}
      {result && result.hits.length > 0 ? (
        <div className="results-scroll">
          <PhotoList
            items={result.hits}
            assetOf={assetOf}
            testId="search-results"
            tileTestId="search-hit"
            overlay={overlay}
            selection={selection}
            onOpen={(index) => onOpen(assets, index)}
          />
        </div>
      ) : null}
    </section>
  )
}
