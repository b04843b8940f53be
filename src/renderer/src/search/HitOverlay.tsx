import type { SearchHit } from '../../../shared/domain'
import { formatScore, signalLabel } from '../lib/search-text'

/** "Why this photo": the score and the signals that matched, shown over a result on hover. */
export function HitOverlay({ hit }: { hit: SearchHit }) {
  return (
    <span className="hit-why" data-testid="hit-why" data-matched={hit.matched.join(' ')}>
      <span className="hit-score" title="Relevance score">
        {formatScore(hit.score)}
      </span>
      {hit.matched.map((signal) => (
        <span key={signal} className={`hit-signal signal-${signal}`}>
          {signalLabel(signal)}
        </span>
      ))}
    </span>
  )
}
