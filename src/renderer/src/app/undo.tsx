// After every edit a toast offers to take it back. People edits undo through people.undo (the last
// people edit on the server); curation steps (favourite, rating, hidden, albums, trash, edits)
// through edits.undo with their step ids, so an offer never takes back a later step. Only the
// latest offer is shown. Ctrl/Cmd+Z outside text fields takes back the latest curation step.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { UndoStep } from '../../../shared/domain'
import { useUndoCuration, useUndoPeopleEdit } from '../api'
import { errorText, useNotify } from './notices'

/** Takes the edit back; `undone` says what was taken back (null: nothing was). */
export type UndoAction = () => Promise<{ undone: string | null }>

/** Offers Undo for an edit; without an action it is a people edit (people.undo). */
type OfferUndo = (description: string, undo?: UndoAction) => void

interface UndoApi {
  offerUndo: OfferUndo
  /** Offers Undo for curation steps (one batch call each, oldest first), labelled with `description`. */
  offerSteps(description: string, steps: readonly UndoStep[]): void
}

const UndoContext = createContext<UndoApi>({ offerUndo: () => {}, offerSteps: () => {} })

export function useOfferUndo(): OfferUndo {
  return useContext(UndoContext).offerUndo
}

export function useOfferSteps(): UndoApi['offerSteps'] {
  return useContext(UndoContext).offerSteps
}

/** Long enough to notice a mistake and reach for the button. */
const OFFER_MS = 20_000

interface Offer {
  id: number
  description: string
  undo: UndoAction | null
}

/** True when a key press belongs to a text field (its own undo) rather than to the app. */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range', 'submit'].includes(target.type)
}

export function UndoProvider({ children }: { children: ReactNode }) {
  const [offer, setOffer] = useState<Offer | null>(null)
  const undoPeople = useUndoPeopleEdit()
  const undoCuration = useUndoCuration()
  const notify = useNotify()
  const { mutateAsync: undoPeopleAsync } = undoPeople
  const { mutateAsync: undoCurationAsync } = undoCuration
  const offerUndo = useCallback<OfferUndo>(
    (description, undo) => setOffer((old) => ({ id: (old?.id ?? 0) + 1, description, undo: undo ?? null })),
    [],
  )
  const offerSteps = useCallback(
    (description: string, steps: readonly UndoStep[]) => {
      if (steps.length === 0) return
      offerUndo(description, () => undoCurationAsync(steps))
    },
    [offerUndo, undoCurationAsync],
  )

  useEffect(() => {
    if (!offer) return
    const timer = setTimeout(() => setOffer((current) => (current?.id === offer.id ? null : current)), OFFER_MS)
    return () => clearTimeout(timer)
  }, [offer])

  const runUndo = useCallback(
    async (action: UndoAction) => {
      setOffer(null)
      try {
        const { undone } = await action()
        notify('info', undone ? `Undone: ${undone}` : 'Nothing to undo')
      } catch (error) {
        notify('error', `Could not undo: ${errorText(error)}`)
      }
    },
    [notify],
  )

  // Ctrl/Cmd+Z: the latest curation step, wherever it was made (not a text field's own undo).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return
      if (event.defaultPrevented || inTextField(event.target)) return
      event.preventDefault()
      void runUndo(() => undoCurationAsync(null))
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [runUndo, undoCurationAsync])

  const value = useMemo<UndoApi>(() => ({ offerUndo, offerSteps }), [offerUndo, offerSteps])
  const pending = undoPeople.isPending || undoCuration.isPending
  return (
    <UndoContext.Provider value={value}>
      {children}
      {offer ? (
        <div className="undo-toast" role="status" data-testid="undo-toast">
          <span>{offer.description}</span>
          <button
            type="button"
            className="button small"
            data-testid="undo"
            disabled={pending}
            onClick={() => void runUndo(offer.undo ?? (() => undoPeopleAsync({})))}
          >
            Undo
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setOffer(null)}>
            ×
          </button>
        </div>
      ) : null}
    </UndoContext.Provider>
  )
}
