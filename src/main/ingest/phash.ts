// 64-bit DCT perceptual hash (the classic pHash, as in Python's imagehash.phash): grayscale 32x32 →
// 2-D DCT-II → the 8x8 lowest frequencies → one bit per coefficient, set when above their median.
// Resized, recompressed or slightly edited copies of a photo land within a few bits of each other.
// The DCT of a 32x32 block is ~70k multiply-adds: cheaper to write here than to pull in a dependency
// that would re-decode the image.
import sharp from 'sharp'

export const PHASH_INPUT_SIZE = 32
const LOW_FREQUENCIES = 8

/** cos((2x+1)uπ/2N) for u < 8, x < 32: the only DCT rows the hash needs. */
const COSINES: Float64Array[] = Array.from({ length: LOW_FREQUENCIES }, (_, u) =>
  Float64Array.from({ length: PHASH_INPUT_SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_INPUT_SIZE))),
)

/** pHash of 32*32 grayscale pixels (row-major, one byte each), as 16 lower-case hex characters. */
export function phashFromGray32(gray: Uint8Array): string {
  const n = PHASH_INPUT_SIZE
  if (gray.length !== n * n) throw new Error(`phash needs ${n * n} grayscale pixels, got ${gray.length}`)

  // Separable DCT: first along rows (keep 8 frequencies per row), then down the columns.
  const rowPass = new Float64Array(n * LOW_FREQUENCIES)
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < LOW_FREQUENCIES; u++) {
      const cos = COSINES[u]!
      let sum = 0
      for (let x = 0; x < n; x++) sum += gray[y * n + x]! * cos[x]!
      rowPass[y * LOW_FREQUENCIES + u] = sum
    }
  }
  const coefficients = new Float64Array(LOW_FREQUENCIES * LOW_FREQUENCIES)
  for (let v = 0; v < LOW_FREQUENCIES; v++) {
    const cos = COSINES[v]!
    for (let u = 0; u < LOW_FREQUENCIES; u++) {
      let sum = 0
      for (let y = 0; y < n; y++) sum += rowPass[y * LOW_FREQUENCIES + u]! * cos[y]!
      coefficients[v * LOW_FREQUENCIES + u] = sum
    }
  }

  const sorted = Float64Array.from(coefficients).sort()
  const median = (sorted[31]! + sorted[32]!) / 2
  let hex = ''
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (coefficients[nibble * 4 + bit]! > median ? 1 : 0)
    hex += value.toString(16)
  }
  return hex
}

/** pHash of already-decoded raw pixels (any channel count; alpha is flattened onto white). */
export async function phashFromPixels(pixels: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 }): Promise<string> {
  const gray = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    .flatten({ background: '#ffffff' })
    .resize(PHASH_INPUT_SIZE, PHASH_INPUT_SIZE, { fit: 'fill' })
    .greyscale()
    .raw({ depth: 'uchar' })
    .toBuffer()
  return phashFromGray32(gray)
}

const PHASH_PATTERN = /^[0-9a-f]{16}$/i

/** Number of differing bits between two 16-hex-digit hashes (0 = same picture, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  if (!PHASH_PATTERN.test(a) || !PHASH_PATTERN.test(b)) throw new Error(`not 64-bit hex hashes: "${a}", "${b}"`)
  let differing = BigInt.asUintN(64, BigInt(`0x${a}`) ^ BigInt(`0x${b}`))
  let count = 0
  while (differing !== 0n) {
    differing &= differing - 1n
    count++
  }
  return count
}
