import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { hammingDistance, phashFromGray32, phashFromPixels } from './phash'
import { opencvPhoto, skimagePhoto } from './test-photos'

/** Straightforward full 32x32 DCT-II (no separability shortcut), as an independent reference. */
function referencePhash(gray: Uint8Array): string {
  const n = 32
  const coefficients: number[] = []
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          sum += gray[y * n + x]! * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n)) * Math.cos(((2 * y + 1) * v * Math.PI) / (2 * n))
        }
      }
      coefficients.push(sum)
    }
  }
  const sorted = [...coefficients].sort((a, b) => a - b)
  const median = (sorted[31]! + sorted[32]!) / 2
  const bits = coefficients.map((c) => (c > median ? '1' : '0')).join('')
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0')
}

async function gray32(path: string): Promise<Uint8Array> {
  return sharp(path).resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer()
}

async function phashOfFile(path: string, width?: number): Promise<string> {
  const { data, info } = await sharp(path)
    .resize(width ? { width } : undefined)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return phashFromPixels({ data, width: info.width, height: info.height, channels: info.channels })
}

describe('phash', () => {
  it('matches a naive full DCT on real photos', async () => {
    for (const photo of [opencvPhoto('baboon.jpg'), opencvPhoto('fruits.jpg'), skimagePhoto('chelsea.png')]) {
      const gray = await gray32(photo)
      expect(phashFromGray32(gray)).toBe(referencePhash(gray))
    }
  })

  it('gives the same hash for resized copies and a near one for recompressed copies', async () => {
    for (const photo of [opencvPhoto('baboon.jpg'), opencvPhoto('fruits.jpg'), skimagePhoto('astronaut.png')]) {
      const original = await phashOfFile(photo)
      const { data, info } = await sharp(photo).resize({ width: 200 }).jpeg({ quality: 60 }).toBuffer({ resolveWithObject: true })
      const smallCopy = await sharp(data).raw().toBuffer({ resolveWithObject: true })
      const copyHash = await phashFromPixels({ data: smallCopy.data, width: info.width, height: info.height, channels: smallCopy.info.channels })
      expect(hammingDistance(original, copyHash)).toBeLessThanOrEqual(4)
      expect(await phashOfFile(photo, 97)).toBe(original)
    }
  })

  it('separates different photos', async () => {
    const photos = [opencvPhoto('baboon.jpg'), opencvPhoto('fruits.jpg'), opencvPhoto('HappyFish.jpg'), skimagePhoto('chelsea.png'), skimagePhoto('coffee.png'), skimagePhoto('astronaut.png')]
    const hashes = await Promise.all(photos.map((photo) => phashOfFile(photo)))
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThanOrEqual(16)
    }
  })

  it('hammingDistance counts differing bits and validates input', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0)
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64)
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2)
    expect(hammingDistance('F0F0F0F0F0F0F0F0', 'f0f0f0f0f0f0f0f1')).toBe(1)
    expect(() => hammingDistance('abc', '0000000000000000')).toThrow(/64-bit hex/)
  })
})
