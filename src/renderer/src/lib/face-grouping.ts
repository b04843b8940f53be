// Face-grouping settings as the settings screen shows them. The catalog stores cosine distances
// (lower = stricter); people think in similarity (higher = stricter), so the form shows 1 - distance.
import { DEFAULT_FACE_GROUPING, sameFaceGrouping, type FaceGrouping } from '../../../shared/domain'

/** The same defaults and comparison the server uses (src/shared). */
export { DEFAULT_FACE_GROUPING, sameFaceGrouping as sameGrouping }

export interface FaceGroupingDraft {
  /** Faces at least this similar count as the same person (0..1). */
  matchSimilarity: number
  /** Smallest group of photos that becomes a person. */
  minFaces: number
  /** Whether two very similar faces may form a person on their own. */
  pairs: boolean
  /** How similar such a pair must be (>= matchSimilarity). */
  pairSimilarity: number
}

export const SIMILARITY_MIN = 0.1
export const SIMILARITY_MAX = 0.9
export const MIN_FACES_MIN = 2
export const MIN_FACES_MAX = 50

const round2 = (x: number) => Math.round(x * 100) / 100

export function draftOf(g: FaceGrouping): FaceGroupingDraft {
  return {
    matchSimilarity: round2(1 - g.matchDistance),
    minFaces: g.minFaces,
    pairs: g.pairDistance > 0,
    // Off keeps a sensible value to come back to.
    pairSimilarity: round2(1 - (g.pairDistance > 0 ? g.pairDistance : DEFAULT_FACE_GROUPING.pairDistance)),
  }
}

/** The settings to save, or a message saying what to fix. */
export function groupingOf(d: FaceGroupingDraft): { grouping: FaceGrouping } | { error: string } {
  if (!(d.matchSimilarity >= SIMILARITY_MIN && d.matchSimilarity <= SIMILARITY_MAX)) {
    return { error: `Same-person similarity must be between ${SIMILARITY_MIN} and ${SIMILARITY_MAX}` }
  }
  if (!Number.isInteger(d.minFaces) || d.minFaces < MIN_FACES_MIN || d.minFaces > MIN_FACES_MAX) {
    return { error: `Photos per person must be a whole number from ${MIN_FACES_MIN} to ${MIN_FACES_MAX}` }
  }
  if (d.pairs && !(d.pairSimilarity >= d.matchSimilarity && d.pairSimilarity < 1)) {
    return { error: 'A pair must be at least as similar as the same-person similarity' }
  }
  return {
    grouping: {
      matchDistance: round2(1 - d.matchSimilarity),
      minFaces: d.minFaces,
      pairDistance: d.pairs ? round2(1 - d.pairSimilarity) : 0,
    },
  }
}
