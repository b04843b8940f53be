import { lazy, Suspense } from 'react'
import type { MapFocus } from './PhotoMap'

const Screen = lazy(() => import('./MapScreen'))

export function MapScreen({ focus }: { focus?: MapFocus }) {
  return (
    <Suspense fallback={<div className="center muted">Loading the map…</div>}>
      <Screen focus={focus ?? null} />
    </Suspense>
  )
}
