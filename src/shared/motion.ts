// The moving part of a still photo: an Apple live photo's MOV beside its HEIC/JPEG, or the MP4 a
// Google/Samsung motion photo carries after its JPEG. The still is the asset; the motion is played
// on hover or press in the viewer and is never a tile of its own.
import { z } from 'zod'

/** 'live': Apple live photo (a MOV file of its own); 'embedded': video inside the still's own file. */
export type MotionKind = 'live' | 'embedded'

export interface AssetMotion {
  kind: MotionKind
  /** Length of the video in milliseconds, from its movie header; null when unknown. */
  durationMs: number | null
  /** Where in the video the still was taken (Apple's still time, Google's presentation time). */
  stillMs: number | null
  /** Apple's content identifier shared by the pair; null for motion photos and name-only pairs. */
  contentId: string | null
  /** Size of the video in bytes (served from the MOV, or a byte range of the still's file). */
  bytes: number | null
  /** MIME type the video is served with. */
  contentType: string
}

export const MotionOfInput = z.object({ assetId: z.number().int().positive() }).strict()
