// Videos: ffmpeg/ffprobe discovery and runs, container facts, poster frames, scene keyframes.
export { createVideoService, keyframeDir, keyframePath, NO_FFMPEG_MESSAGE, type VideoService, type VideoServiceDeps } from './video.service'
export { findFfmpeg, killAllFfmpeg, runTool, FfmpegError, type FfmpegTools, type FfmpegPreference } from './ffmpeg'
export { isVideoPath, videoMimeOf, VIDEO_EXTENSIONS } from './formats'
export { probeVideo, parseIso6709, type VideoProbe } from './probe'
export { choosePosterMs, sampleFrames, extractFrame } from './poster'
export { extractKeyframes, capPerMinute, parseSceneLog, KEYFRAMES_PER_MINUTE } from './keyframes'
export { playablePath, playableArgs, progressMs, createPlayableCopies, type PlayablePart, type PlayableSource } from './playable'
