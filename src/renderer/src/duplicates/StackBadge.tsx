// The count on a tile that covers a stack (a burst, one shot in two formats). Tiles ask one by one;
// their ids are gathered for a moment and asked for in one 'stacks.counts' call.
import { useQuery } from '@tanstack/react-query'
import type { PhotoHouseApi } from '../../../shared/contract'
import { queryKeys, useApi } from '../api'

/** How long the ids of tiles rendered together are gathered before one call. */
const GATHER_MS = 15
/** The contract's limit per call. */
const MAX_IDS = 5000

interface Pending {
  ids: Set<number>
  waiting: { id: number; resolve(count: number): void; reject(error: unknown): void }[]
}

const batchers = new WeakMap<PhotoHouseApi, (id: number) => Promise<number>>()

function stackCounter(api: PhotoHouseApi): (id: number) => Promise<number> {
  const existing = batchers.get(api)
  if (existing) return existing
  let pending: Pending | null = null
  const flush = async (batch: Pending) => {
    try {
      const ids = [...batch.ids]
      const counts = new Map<number, number>()
      for (let i = 0; i < ids.length; i += MAX_IDS) {
        for (const { assetId, count } of await api.invoke('stacks.counts', { assetIds: ids.slice(i, i + MAX_IDS) })) counts.set(assetId, count)
      }
      for (const w of batch.waiting) w.resolve(counts.get(w.id) ?? 0)
    } catch (error) {
      for (const w of batch.waiting) w.reject(error)
    }
  }
  const count = (id: number) =>
    new Promise<number>((resolve, reject) => {
      if (!pending) {
        const batch: Pending = { ids: new Set(), waiting: [] }
        pending = batch
        setTimeout(() => {
          pending = null
          void flush(batch)
        }, GATHER_MS)
      }
      pending.ids.add(id)
      pending.waiting.push({ id, resolve, reject })
    })
  batchers.set(api, count)
  return count
}

export function StackBadge({ assetId }: { assetId: number }) {
  const api = useApi()
  // Under the library's key: 'library.changed' (an import, a trash) refreshes the counts.
  const count = useQuery({ queryKey: [...queryKeys.library(), 'stack-count', assetId], queryFn: () => stackCounter(api)(assetId), staleTime: 60_000 })
  if (!count.data) return null
  return (
    <span className="tile-stack-badge" data-testid="badge-stack" data-count={count.data} aria-label={`Stack of ${count.data} photos`}>
      {count.data}
    </span>
  )
}
