/**
 * Synthetic face-like embeddings for tests and benchmarks: `persons` random centres on the unit
 * sphere, each face a centre plus isotropic gaussian noise, re-normalised. With dimension 512 and
 * noise sigma s per coordinate, a face sits at cosine ~1/sqrt(1 + 512 s^2) from its centre.
 */
import { seededRandom } from '../../platform/seeded-random'

export interface SyntheticFace {
  embedding: Float32Array
  person: number
}

export { seededRandom }

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0
  for (const x of v) sum += x * x
  const norm = Math.sqrt(sum) || 1
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm
  return v
}

export function syntheticFaces(options: { persons: number; facesPerPerson: number; dimensions?: number; noise?: number; seed?: number }): SyntheticFace[] {
  const dimensions = options.dimensions ?? 512
  const noise = options.noise ?? 0.03
  const random = seededRandom(options.seed ?? 1)
  const faces: SyntheticFace[] = []
  for (let p = 0; p < options.persons; p++) {
    const centre = normalise(Float32Array.from({ length: dimensions }, () => gaussian(random)))
    for (let f = 0; f < options.facesPerPerson; f++) {
      const v = new Float32Array(dimensions)
      for (let i = 0; i < dimensions; i++) v[i] = (centre[i] as number) + noise * gaussian(random)
      faces.push({ embedding: normalise(v), person: p })
    }
  }
  return faces
}
