import { ALIGNED_SIZE } from './align'

/**
 * Sharpness cue: variance of the 4-neighbour Laplacian of the aligned face's luma. Measured on the
 * 112x112 aligned crop so values compare across faces of any size (higher = sharper).
 */
export function laplacianVariance(alignedRgb: Buffer, size = ALIGNED_SIZE): number {
  const luma = new Float32Array(size * size)
  for (let i = 0; i < luma.length; i++) {
    luma[i] = 0.299 * (alignedRgb[3 * i] as number) + 0.587 * (alignedRgb[3 * i + 1] as number) + 0.114 * (alignedRgb[3 * i + 2] as number)
  }
  let sum = 0
  let sumSq = 0
  let n = 0
  // Skip a margin: the aligned crop has black corners where the warp left the image.
  const margin = Math.round(size * 0.15)
  for (let y = margin; y < size - margin; y++) {
    for (let x = margin; x < size - margin; x++) {
      const i = y * size + x
      const lap = (luma[i - 1] as number) + (luma[i + 1] as number) + (luma[i - size] as number) + (luma[i + size] as number) - 4 * (luma[i] as number)
      sum += lap
      sumSq += lap * lap
      n++
    }
  }
  const mean = sum / n
  return sumSq / n - mean * mean
}
