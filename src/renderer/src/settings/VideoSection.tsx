// Settings → Videos: which ffmpeg analyses videos, and which one was found. Saved as soon as it is
// switched (videos listed while none was found are analysed once one is).
import { useState } from 'react'
import type { FfmpegInUse, VideoSettings } from '../../../shared/video'
import { useSaveSettings } from '../api'
import { errorText } from '../app/notices'

export function VideoSection({ saved, inUse }: { saved: VideoSettings; inUse: FfmpegInUse | null }) {
  const save = useSaveSettings()
  // What the user switched to shows at once; a failed save goes back to what is saved.
  const [ffmpeg, setFfmpeg] = useState(saved.ffmpeg)
  return (
    <section className="page-section" data-testid="video-settings">
      <div className="section-title">
        <h3>Videos</h3>
      </div>
      <div className="settings-form">
        <label className="settings-check">
          <input
            type="checkbox"
            data-testid="video-system-ffmpeg"
            checked={ffmpeg === 'system'}
            disabled={save.isPending}
            onChange={(event) => {
              const next = event.target.checked ? 'system' : 'bundled'
              setFfmpeg(next)
              save.mutate({ videos: { ffmpeg: next } }, { onError: () => setFfmpeg(saved.ffmpeg) })
            }}
          />{' '}
          Use my own ffmpeg (found on PATH) instead of the one PhotoHouse ships
        </label>
        <p className="muted small" data-testid="video-ffmpeg-in-use">
          {inUse
            ? `In use: ${inUse.source === 'system' ? 'your ffmpeg' : 'the bundled ffmpeg'} (${inUse.path}).`
            : 'No ffmpeg found: videos are listed without duration, poster frame or keyframes.'}
        </p>
        {save.isError ? (
          <p className="error-text" role="alert">
            Could not save: {errorText(save.error)}
          </p>
        ) : null}
      </div>
    </section>
  )
}
