// A live photo's or motion photo's moving part, over the still: it plays while the pointer rests on
// the photo or presses it (touch: while held), muted and from the start, then the still shows again.
// The video comes from the media route (kind 'motion'), which serves the MOV or the MP4 range of
// the JPEG; nothing is fetched until the first play. A motion part this window cannot decode (an
// iPhone's HEVC where the platform has no decoder) plays from a playable copy (usePlayableCopy).
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import type { AssetMotion } from '../../../shared/motion'
import { useApi } from '../api'
import { queryKeys } from '../api/query-keys'
import { loadedWithoutPicture, usePlayableCopy } from './usePlayableCopy'

/** The still's motion part, or null (a photo without one, or a video). */
export function useMotion(summary: AssetSummary | undefined) {
  const api = useApi()
  const assetId = summary && !summary.video ? summary.id : null
  return useQuery({
    // Under library(): a re-import that finds or loses the motion refreshes it.
    queryKey: [...queryKeys.library(), 'motion', assetId ?? 0],
    queryFn: () => api.invoke('motion.of', { assetId: assetId as number }),
    enabled: assetId !== null,
  })
}

interface MotionPlayerProps {
  summary: AssetSummary
  motion: AssetMotion
}

export function MotionPlayer({ summary, motion }: MotionPlayerProps) {
  const api = useApi()
  const video = useRef<HTMLVideoElement>(null)
  const [playing, setPlaying] = useState(false)
  // The source is set on the first play: hovering the viewer should not download every clip.
  const [wanted, setWanted] = useState(false)
  // This window could not decode the motion part as it is: play its playable copy once made.
  const [needsCopy, setNeedsCopy] = useState(false)
  const copy = usePlayableCopy(summary.id, 'motion', needsCopy)
  const copyReady = copy.data?.state === 'ready'
  const src = !wanted ? undefined : needsCopy ? (copyReady ? api.mediaUrl('playable-motion', summary) : undefined) : api.mediaUrl('motion', summary)

  useEffect(() => {
    const element = video.current
    if (!element || !src) return
    if (playing) {
      element.currentTime = 0
      element.play().catch(() => setPlaying(false))
    } else {
      element.pause()
    }
  }, [playing, src])

  const start = () => {
    setWanted(true)
    setPlaying(true)
  }
  const stop = () => setPlaying(false)
  const label = motion.kind === 'live' ? 'LIVE' : 'MOTION'

  return (
    <div
      className="motion-layer"
      data-testid="motion-layer"
      data-playing={playing ? 'true' : 'false'}
      onPointerEnter={(event) => event.pointerType === 'mouse' && start()}
      onPointerLeave={stop}
      onPointerDown={start}
      onPointerUp={(event) => event.pointerType !== 'mouse' && stop()}
      onPointerCancel={stop}
    >
      <video
        key={summary.id}
        ref={video}
        className="motion-video"
        data-testid="motion-video"
        src={src}
        data-source={needsCopy ? 'copy' : 'original'}
        muted
        playsInline
        preload="none"
        onEnded={stop}
        onLoadedMetadata={(event) => !needsCopy && loadedWithoutPicture(event.currentTarget) && setNeedsCopy(true)}
        onError={() => !needsCopy && setNeedsCopy(true)}
      />
      <span className="motion-badge" data-testid="motion-badge" title="Rest the pointer on the photo, or press it, to play">
        {label}
      </span>
    </div>
  )
}
