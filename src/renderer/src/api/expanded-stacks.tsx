// Which stacks the library timeline shows opened. Every timeline read (months, pages, a selection's
// ids by position) sends the same list, so positions agree; a stack is named by its cover photo,
// which a recompute of the stacks keeps (their ids it does not).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { chunkIds } from '../lib/selection'
import { MAX_BATCH_IDS } from '../lib/batch-actions'
import { useApi } from './context'

/** The contract's limit: opening one more closes the one opened first. */
const MAX_EXPANDED = 200

export interface ExpandedStacks {
  /** Cover photo ids of the opened stacks, in the order they were opened. */
  covers: readonly number[]
  isExpanded(coverId: number): boolean
  toggle(coverId: number): void
}

const NONE: ExpandedStacks = { covers: [], isExpanded: () => false, toggle: () => undefined }
const ExpandedStacksContext = createContext<ExpandedStacks>(NONE)

export function ExpandedStacksProvider({ children }: { children: ReactNode }) {
  const [covers, setCovers] = useState<readonly number[]>([])
  const toggle = useCallback((coverId: number) => {
    setCovers((current) => (current.includes(coverId) ? current.filter((id) => id !== coverId) : [...current, coverId].slice(-MAX_EXPANDED)))
  }, [])
  const value = useMemo<ExpandedStacks>(() => ({ covers, isExpanded: (id) => covers.includes(id), toggle }), [covers, toggle])
  return <ExpandedStacksContext.Provider value={value}>{children}</ExpandedStacksContext.Provider>
}

export function useExpandedStacks(): ExpandedStacks {
  return useContext(ExpandedStacksContext)
}

/** The contract input for these stacks (nothing when none is open), and a query-key part. */
export function expandedInput(covers: readonly number[]): { expandedStacks?: number[] } {
  return covers.length > 0 ? { expandedStacks: [...covers] } : {}
}
export function expandedKey(covers: readonly number[]): string {
  return [...covers].sort((a, b) => a - b).join(',')
}

/**
 * The photos a trash or hide of these timeline tiles takes: a closed stack's tile stands for the
 * whole stack (an opened one shows each photo, so only those chosen). `stacks`: closed stacks that
 * added photos, for the toast to say so.
 */
export function useWholeStacks(): (ids: readonly number[]) => Promise<{ ids: number[]; stacks: number }> {
  const api = useApi()
  const { covers } = useExpandedStacks()
  return useCallback(
    async (ids) => {
      const all = new Set<number>()
      let stacks = 0
      for (const chunk of chunkIds(ids, MAX_BATCH_IDS)) {
        const whole = await api.invoke('stacks.whole', { ids: chunk, ...expandedInput(covers) })
        for (const id of whole.ids) all.add(id)
        stacks += whole.stacks
      }
      return { ids: [...all], stacks }
    },
    [api, covers],
  )
}
