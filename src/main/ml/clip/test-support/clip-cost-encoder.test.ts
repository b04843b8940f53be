import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import onnxProto from 'onnx-proto'
import { InferenceSession, Tensor } from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { clipEmbedImage } from '../clip-embed'
import { describeClipImageSession } from '../clip-session-io'
import { CLIP_COST_ENCODER_SHAPE, clipCostEncoderBytes, clipCostEncoderMacs, writeClipCostEncoder } from './clip-cost-encoder'
import { SKIMAGE_DATA } from './models-dir'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('generated CLIP-cost image encoder (random weights, not CLIP)', () => {
  const work = mkdtempSync(join(tmpdir(), 'photohouse-clip-cost-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('is sized like ViT-B/32: ~4.4 G multiply-adds, ~85 MB of int8 weights', () => {
    expect(clipCostEncoderMacs()).toBeGreaterThan(4.3e9)
    expect(clipCostEncoderMacs()).toBeLessThan(4.5e9)
    const bytes = clipCostEncoderBytes({ seed: 1 })
    expect(bytes.byteLength).toBeGreaterThan(85e6)
    expect(bytes.byteLength).toBeLessThan(100e6)
  })

  it('gives the same bytes for a seed, other bytes for another seed', () => {
    const a = sha256(clipCostEncoderBytes({ seed: 7, layers: 2 }))
    expect(sha256(clipCostEncoderBytes({ seed: 7, layers: 2 }))).toBe(a)
    expect(sha256(clipCostEncoderBytes({ seed: 8, layers: 2 }))).not.toBe(a)
  })

  it('writes every linear layer as quantize_dynamic does: DynamicQuantizeLinear + MatMulInteger', () => {
    const graph = onnxProto.onnx.ModelProto.decode(clipCostEncoderBytes({ seed: 1, layers: 2 })).graph!
    const count = (op: string) => graph.node!.filter((n) => n.opType === op).length
    // 4 linears per block (qkv, out, fc1, fc2) + the final projection.
    expect(count('MatMulInteger')).toBe(4 * 2 + 1)
    expect(count('DynamicQuantizeLinear')).toBe(4 * 2 + 1)
  })

  it('loads in onnxruntime with the CLIP image interface and embeds real photos', async () => {
    const file = join(work, 'encoder.onnx')
    await writeClipCostEncoder(file, { seed: 3 })
    const session = await InferenceSession.create(file)
    try {
      // What the product's session I/O discovery makes of it: the OpenCLIP export's interface.
      expect(describeClipImageSession(session)).toEqual({
        inputName: 'pixel_values',
        outputName: 'image_embeds',
        fixedBatch: 1,
        inputSize: { height: 224, width: 224 },
      })
      const [input] = session.inputMetadata
      expect(input).toMatchObject({ name: 'pixel_values', isTensor: true, type: 'float32', shape: [...CLIP_COST_ENCODER_SHAPE.input] })

      // Through the product's own preprocessing and normalisation, on real photos.
      const [cat, coffee] = await clipEmbedImage(session, [join(SKIMAGE_DATA, 'chelsea.png'), join(SKIMAGE_DATA, 'coffee.png')])
      expect(cat).toHaveLength(512)
      expect(Math.hypot(...cat!)).toBeCloseTo(1, 5)
      expect(cat!.every(Number.isFinite)).toBe(true)
      // Random weights still give a function of the image, not a constant.
      const cosine = cat!.reduce((sum, v, i) => sum + v * coffee![i]!, 0)
      expect(cosine).toBeLessThan(0.999)

      const raw = await session.run({ pixel_values: new Tensor('float32', new Float32Array(3 * 224 * 224), [1, 3, 224, 224]) })
      expect(raw['image_embeds']?.dims).toEqual([...CLIP_COST_ENCODER_SHAPE.output])
    } finally {
      await session.release()
    }
  })
})
