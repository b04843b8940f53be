// A copy of a video (or of a photo's motion part) this window can play, for when the original's
// format or codec is one it cannot decode (an AVI, H.263, HEVC without a platform decoder…): asked
// for when the <video> fails, made by main with ffmpeg (see src/main/video/playable.ts), polled
// while it is made.
import { useQuery } from '@tanstack/react-query'
import { useApi } from '../api'
import { queryKeys } from '../api/query-keys'

export function usePlayableCopy(assetId: number, part: 'video' | 'motion', wanted: boolean) {
  const api = useApi()
  return useQuery({
    queryKey: [...queryKeys.library(), 'playable', part, assetId],
    queryFn: () => api.invoke('video.playable', { assetId, part }),
    enabled: wanted,
    refetchInterval: (query) => (query.state.data?.state === 'working' ? 700 : false),
  })
}

/** "Making a copy this window can play… 42%" */
export function copyProgressText(progress: number | null | undefined): string {
  const percent = typeof progress === 'number' ? ` ${Math.round(progress * 100)}%` : ''
  return `This video's format cannot be played here as it is: making a copy that can be…${percent}`
}

/**
 * Whether a <video> that loaded its metadata shows no picture: Chromium plays the audio of a file
 * whose video codec it cannot decode (HEVC without a platform decoder) instead of failing.
 */
export function loadedWithoutPicture(element: HTMLVideoElement): boolean {
  return element.videoWidth === 0 || element.videoHeight === 0
}
