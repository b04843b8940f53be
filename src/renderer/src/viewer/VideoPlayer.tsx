// A video in the viewer: HTML5 <video> over the media route, which answers byte ranges, so the
// browser streams and seeks without reading the whole file. The poster frame shows until it plays.
// When this window cannot decode the file (an AVI, a codec it lacks), a playable copy is made and
// played instead (usePlayableCopy); only when that fails too does the video read as unplayable.
import { useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { formatDuration } from '../../../shared/video'
import { useApi } from '../api'
import { copyProgressText, loadedWithoutPicture, usePlayableCopy } from './usePlayableCopy'

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
  // Which video this window could not decode as it is: it plays from a playable copy.
  const [copyFor, setCopyFor] = useState<number | null>(null)
  const needsCopy = copyFor === summary.id
  const copy = usePlayableCopy(summary.id, 'video', needsCopy)
  const copyState = needsCopy ? copy.data : undefined
  const failed = failedId === summary.id || copyState?.state === 'failed' || (needsCopy && copy.isError)
  const src = needsCopy ? api.mediaUrl('playable', summary) : api.mediaUrl('original', summary)
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
          {copyState?.state === 'failed' ? <p className="viewer-video-reason">{copyState.message}</p> : null}
        </div>
      ) : needsCopy && copyState?.state !== 'ready' ? (
        <div className="viewer-placeholder" data-testid="video-copy-progress">
          {poster ? <img className="viewer-video-poster" src={poster} alt="" draggable={false} /> : null}
          <p role="status">{copyProgressText(copyState?.state === 'working' ? copyState.progress : null)}</p>
        </div>
      ) : (
        <video
          key={summary.id}
          className="viewer-video-element"
          data-testid="video-player"
          data-asset-id={summary.id}
          data-start-ms={startAtMs ?? 0}
          data-source={needsCopy ? 'copy' : 'original'}
          src={src}
          poster={poster}
          controls
          autoPlay
          playsInline
          preload="metadata"
          onLoadedMetadata={(event) => {
            if (!needsCopy && loadedWithoutPicture(event.currentTarget)) return setCopyFor(summary.id)
            // Seek once the duration is known: before it, currentTime is ignored.
            if (startAtMs && startAtMs > 0) event.currentTarget.currentTime = startAtMs / 1000
          }}
          onError={() => (needsCopy ? setFailedId(summary.id) : setCopyFor(summary.id))}
        />
      )}
    </div>
  )
}
