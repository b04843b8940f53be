// "Find similar" from the viewer: photos that look like one photo, shown like search results.
import type { AssetSummary, SearchHit } from '../../../shared/domain'
import { useApi, useAsset, useSimilar } from '../api'
import { errorText } from '../app/notices'
import { PhotoList } from '../library'
import { pluralize } from '../lib/format'
import { HitOverlay } from './HitOverlay'

interface SimilarResultsProps {
  assetId: number
  onBack(): void
  onOpen(assets: AssetSummary[], index: number): void
}

const assetOf = (hit: SearchHit) => hit.asset
const overlay = (hit: SearchHit) => <HitOverlay hit={hit} />

export function SimilarResults({ assetId, onBack, onOpen }: SimilarResultsProps) {
  const api = useApi()
  const similar = useSimilar(assetId)
  const source = useAsset(assetId)
  const hits = similar.data

  return (
    <section className="results" data-testid="similar-view">
      <header className="results-header">
        <div className="results-title">
          <button type="button" className="button small" data-testid="similar-back" onClick={onBack}>
            ‹ Back
          </button>
          {source.data?.hasThumb ? <img className="similar-source" src={api.mediaUrl('grid', source.data)} alt="" /> : null}
          <h2>{hits ? `${pluralize(hits.length, 'photo', 'photos')} similar to this one` : 'Finding similar photos…'}</h2>
          {similar.isFetching ? <span className="spinner" aria-label="Searching" /> : null}
        </div>
      </header>
      {similar.isError ? <p className="error-text results-message">Could not find similar photos: {errorText(similar.error)}</p> : null}
      {hits && hits.length === 0 ? (
        <div className="results-message" data-testid="search-empty">
          <p>No similar photos found.</p>
          <p className="muted small">Similarity needs the photo to be analysed first; photos still being imported appear when they are done.</p>
        </div>
      ) : null}
      {hits && hits.length > 0 ? (
        <div className="results-scroll">
          <PhotoList items={hits} assetOf={assetOf} testId="search-results" tileTestId="search-hit" overlay={overlay} onOpen={(index) => onOpen(hits.map(assetOf), index)} />
        </div>
      ) : null}
    </section>
  )
}
