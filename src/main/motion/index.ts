// Live photos (HEIC/JPEG + MOV) and motion photos (JPEG + embedded MP4): one asset with a motion part.
export { createMotionService, toAssetMotion, type MotionService, type MotionServiceDeps, type MotionSource } from './motion.service'
