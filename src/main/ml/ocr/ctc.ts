// Greedy CTC decoding of the recognizer's per-timestep class probabilities (PaddleOCR's CTCLabelDecode):
// take the best class at every step, merge repeats, drop the blank (class 0). Confidence is the mean
// of the kept steps' best probabilities.

export interface DecodedText {
  text: string
  confidence: number
}

/**
 * `probabilities` holds `steps` x `classes` values for one line; class 0 is the CTC blank and class i
 * is `characters[i - 1]`.
 */
export function ctcGreedyDecode(
  probabilities: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  characters: readonly string[],
): DecodedText {
  if (classes !== characters.length + 1) {
    throw new Error(`Recognizer has ${classes} classes but the dictionary gives ${characters.length} + blank`)
  }
  let text = ''
  let confidenceSum = 0
  let kept = 0
  let previous = -1
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes
    let best = 0
    let bestProbability = probabilities[row]!
    for (let c = 1; c < classes; c++) {
      const p = probabilities[row + c]!
      if (p > bestProbability) {
        bestProbability = p
        best = c
      }
    }
    if (best !== 0 && best !== previous) {
      text += characters[best - 1]!
      confidenceSum += bestProbability
      kept++
    }
    previous = best
  }
  return { text, confidence: kept === 0 ? 0 : confidenceSum / kept }
}
