// After every people edit a toast offers to take it back (people.undo undoes the last edit on the
// server, so only the latest offer is shown).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { useUndoPeopleEdit } from '../api'
import { errorText, useNotify } from './notices'

type OfferUndo = (description: string) => void

const UndoContext = createContext<OfferUndo>(() => {})

export function useOfferUndo(): OfferUndo {
  return useContext(UndoContext)
}

/** Long enough to notice a mistake and reach for the button. */
const OFFER_MS = 20_000

export function UndoProvider({ children }: { children: ReactNode }) {
  const [offer, setOffer] = useState<{ id: number; description: string } | null>(null)
  const undo = useUndoPeopleEdit()
  const notify = useNotify()
  const offerUndo = useCallback<OfferUndo>((description) => setOffer((old) => ({ id: (old?.id ?? 0) + 1, description })), [])

  useEffect(() => {
    if (!offer) return
    const timer = setTimeout(() => setOffer((current) => (current?.id === offer.id ? null : current)), OFFER_MS)
    return () => clearTimeout(timer)
  }, [offer])

  async function runUndo() {
    setOffer(null)
    try {
      const { undone } = await undo.mutateAsync({})
      notify('info', undone ? `Undone: ${undone}` : 'Nothing to undo')
    } catch (error) {
      notify('error', `Could not undo: ${errorText(error)}`)
    }
  }

  const value = useMemo(() => offerUndo, [offerUndo])
  return (
    <UndoContext.Provider value={value}>
      {children}
      {offer ? (
        <div className="undo-toast" role="status" data-testid="undo-toast">
          <span>{offer.description}</span>
          <button type="button" className="button small" data-testid="undo" disabled={undo.isPending} onClick={runUndo}>
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
