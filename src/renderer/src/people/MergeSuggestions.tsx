// "Same person?" pairs whose face centroids are close; one click merges them (and can be undone).
import type { MergeSuggestion } from '../../../shared/domain'
import { useMergePeople, useMergeSuggestions } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferUndo } from '../app/undo'
import { mergeDirection, personLabel } from '../lib/people'
import { coverOf, FaceCrop } from './FaceCrop'

export function MergeSuggestions({ onOpen }: { onOpen(personId: number): void }) {
  const suggestions = useMergeSuggestions()
  const merge = useMergePeople()
  const notify = useNotify()
  const offerUndo = useOfferUndo()

  async function accept(suggestion: MergeSuggestion) {
    const { into, from } = mergeDirection(suggestion.a, suggestion.b)
    try {
      await merge.mutateAsync({ personIds: [from.id], into: into.id })
      offerUndo(`Merged ${personLabel(from)} into ${personLabel(into)}`)
    } catch (error) {
      notify('error', `Could not merge: ${errorText(error)}`)
    }
  }

  const list = suggestions.data ?? []
  if (list.length === 0) return null
  return (
    <section className="page-section" data-testid="merge-suggestions">
      <div className="section-title">
        <h3>Same person?</h3>
      </div>
      <ul className="merge-list">
        {list.map((s) => (
          <li key={`${s.a.id}-${s.b.id}`} className="merge-suggestion" data-testid="merge-suggestion" data-person-ids={`${s.a.id},${s.b.id}`}>
            {[s.a, s.b].map((p) => (
              <button key={p.id} type="button" className="merge-person" onClick={() => onOpen(p.id)} title="Open this person">
                <FaceCrop face={coverOf(p)} size="medium" />
                <span className={p.name ? '' : 'muted'}>{personLabel(p)}</span>
              </button>
            ))}
            <span className="muted small merge-similarity" title="How alike their faces are">
              {Math.round(s.similarity * 100)}% alike
            </span>
            <button type="button" className="button small primary" data-testid="merge-accept" disabled={merge.isPending} onClick={() => accept(s)}>
              Merge
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
