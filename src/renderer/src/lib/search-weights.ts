// How much each search signal counts, as edited on the settings screen. Pure, so it is tested without a DOM.
import { DEFAULT_SEARCH_WEIGHTS, type SearchWeights } from '../../../shared/domain'

export type SearchSignal = keyof SearchWeights

/** The same defaults the server uses (src/shared). */
export { DEFAULT_SEARCH_WEIGHTS }

/** The server accepts up to 10; the slider stops at 5 because more only drowns the other signals. */
export const WEIGHT_MIN = 0
export const WEIGHT_MAX = 5
export const WEIGHT_STEP = 0.1

export const SEARCH_SIGNALS: readonly { key: SearchSignal; label: string }[] = [
  { key: 'text', label: 'Words around the photo' },
  { key: 'tag', label: "What's in the photo (tags)" },
  { key: 'clip', label: 'Meaning (CLIP)' },
]

/** Clamps to the slider's range and rounds to its step (range inputs can yield 1.2000000000000002). */
export function normalizeWeight(value: number): number {
  const clamped = Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, value))
  return Math.round(clamped * 10) / 10
}

/** A typed weight as a number, or null while the text is not one yet (empty, "-", letters). */
export function parseWeightInput(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? normalizeWeight(value) : null
}

export function sameWeights(a: SearchWeights, b: SearchWeights): boolean {
  return a.text === b.text && a.tag === b.tag && a.clip === b.clip
}
