// Settings → Videos: which ffmpeg analyses videos, and which one was found. Saved as soon as it is
// switched (videos listed while none was found are analysed once one is).
import type { FfmpegInUse, VideoSettings } from '../../../shared/video'
import { SettingToggle } from './SettingToggle'

export function VideoSection({ saved, inUse }: { saved: VideoSettings; inUse: FfmpegInUse | null }) {
  return (
    <SettingToggle
      title="Videos"
      testId="video-settings"
      inputTestId="video-system-ffmpeg"
      saved={saved.ffmpeg === 'system'}
      change={(system) => ({ videos: { ffmpeg: system ? 'system' : 'bundled' } })}
      label="Use my own ffmpeg (found on PATH) instead of the one PhotoHouse ships"
    >
      <p className="muted small" data-testid="video-ffmpeg-in-use">
        {inUse
          ? `In use: ${inUse.source === 'system' ? 'your ffmpeg' : 'the bundled ffmpeg'} (${inUse.path}).`
          : 'No ffmpeg found: videos are listed without duration, poster frame or keyframes.'}
      </p>
    </SettingToggle>
  )
}
