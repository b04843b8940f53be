// A video in the viewer: HTML5 <video> over the media route, which answers byte ranges, so the
// browser streams and seeks without reading the whole file. The poster frame shows until it plays.
import { useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { formatDuration } from '../../../shared/video'
import { useApi } from '../api'

interface VideoPlayerProps {
  summary: AssetSummary
  /** The file's type, for the message when this browser cannot decode it. */
  mime?: string | null | undefined
  onBackgroundClick(): void
}

export function VideoPlayer({ summary, mime, onBackgroundClick }: VideoPlayerProps) {
  const api = useApi()
  // Which video failed to play: another one (←/→) starts afresh.
  const [failedId, setFailedId] = useState<number | null>(null)
  const failed = failedId === summary.id
  const src = api.mediaUrl('original', summary)
  const poster = summary.hasThumb ? api.mediaUrl('preview', summary) : undefined
  // Opened from a search hit inside the video: start at the matched moment.
  const startAtMs = summary.video?.atMs

  return (
    <div className="viewer-canvas viewer-video" onClick={(event) => event.target === event.currentTarget && onBackgroundClick()}>
      {failed ? (
        <div className="viewer-placeholder" data-testid="video-unplayable">
          {poster ? <img className="viewer-video-poster" src={poster} alt="" draggable={false} /> : null}
          <p>
            This video cannot be played here{mime ? ` (${mime})` : ''}. {formatDuration(summary.video?.durationMs)}
          </p>
        </div>
      ) : (
        <video
          key={summary.id}
          className="viewer-video-element"
          data-testid="video-player"
          data-asset-id={summary.id}
          data-start-ms={startAtMs ?? 0}
          src={src}
          poster={poster}
          controls
          autoPlay
          playsInline
          preload="metadata"
          onLoadedMetadata={(event) => {
            // Seek once the duration is known: before it, currentTime is ignored.
            if (startAtMs && startAtMs > 0) event.currentTarget.currentTime = startAtMs / 1000
          }}
          onError={() => setFailedId(summary.id)}
        />
      )}
    </div>
  )
}
