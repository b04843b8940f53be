// A live photo's or motion photo's mark on its grid tile, and its clip while the pointer rests on
// the tile. Only the tile under the mouse plays (muted, once through, then the still again), and
// only after the pointer has stayed a moment: a pointer crossing the grid, or a grid scrolling under
// it, fetches no clips. Touch plays nothing here: a press opens the viewer, which plays on hold.
import { useEffect, useRef, useState, type PointerEvent } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import type { MotionKind } from '../../../shared/motion'
import { useApi } from '../api'

/** How long the pointer rests on a tile before its clip is fetched and played. */
const REST_MS = 350

export const MOTION_LABEL: Record<MotionKind, string> = { live: 'Live photo', embedded: 'Motion photo' }

/**
 * Hover state of a tile with a motion part: spread `handlers` on the tile, give `playing` and
 * `onEnded` to TileMotion. Played through once per rest: the still shows again at the end, until
 * the pointer leaves and comes back.
 */
export function useTileMotion(enabled: boolean) {
  const [phase, setPhase] = useState<'idle' | 'playing' | 'ended'>('idle')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const stop = () => {
    clearTimeout(timer.current)
    setPhase('idle')
  }
  return {
    playing: enabled && phase === 'playing',
    onEnded: () => setPhase('ended'),
    handlers: enabled
      ? {
          onPointerEnter: (event: PointerEvent) => {
            if (event.pointerType !== 'mouse') return
            clearTimeout(timer.current)
            timer.current = setTimeout(() => setPhase('playing'), REST_MS)
          },
          onPointerLeave: stop,
          // A press opens the viewer or starts a drag-select: no clip under it.
          onPointerDown: stop,
        }
      : undefined,
  }
}

export function TileMotion({ asset, kind, playing, onEnded }: { asset: AssetSummary; kind: MotionKind; playing: boolean; onEnded(): void }) {
  const api = useApi()
  const label = MOTION_LABEL[kind]
  return (
    <>
      {playing ? (
        <video
          className="tile-motion-video"
          data-testid="tile-motion-video"
          src={api.mediaUrl('motion', asset)}
          muted
          autoPlay
          playsInline
          preload="auto"
          onEnded={onEnded}
          // A clip that cannot play (its MOV gone since the import) leaves the still.
          onError={onEnded}
        />
      ) : null}
      <span className="tile-motion" data-testid="tile-motion" data-kind={kind} role="img" aria-label={label} title={label}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="2.6" fill="currentColor" />
          <circle cx="12" cy="12" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <circle cx="12" cy="12" r="9.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="1.6 2.2" />
        </svg>
        {kind === 'live' ? 'LIVE' : 'MOTION'}
      </span>
    </>
  )
}
