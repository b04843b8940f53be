import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InferenceSession } from 'onnxruntime-node'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clipEmbedImage, clipEmbedText, ClipInputError } from './clip-embed'
import { CLIP_VIT_B32_PREPROCESS } from './clip-image-preprocess'
import { describeClipImageSession, describeClipTextSession } from './clip-session-io'
import { loadClipTokenizer, type ClipTokenizer } from './clip-tokenizer'
import { SKIMAGE_DATA, clipTokenizerDir } from './test-support/models-dir'
import { writeTinyGeneratedClipImageEncoder, writeTinyGeneratedClipTextEncoder } from './test-support/tiny-generated-clip-models'

/**
 * End-to-end through the real tokenizer, real preprocessing and onnxruntime, with TINY GENERATED
 * encoders (see test-support): the image encoder embeds an image's mean normalised colour, and the
 * text encoder's token table maps the real CLIP ids of "red" / "green" / "blue" to the embedding a
 * pure image of that colour gets. A query can only find its image if ids, tensor layout, channel
 * order, normalisation, I/O discovery and L2 normalisation are all right.
 */

const DIMS = 8
const VOCAB = 49408
const { mean, std } = CLIP_VIT_B32_PREPROCESS

/** The normalised-mean-colour embedding the tiny image encoder gives a flat image of this colour. */
function colourDirection(rgb: [number, number, number]): number[] {
  const v = new Array<number>(DIMS).fill(0)
  rgb.forEach((c, i) => (v[i] = (c / 255 - (mean[i] as number)) / (std[i] as number)))
  return v
}

// Image encoder = identity from the 3 channel means into the first 3 of 8 dims.
const IDENTITY_PROJECTION = [0, 1, 2].map((c) => Array.from({ length: DIMS }, (_, d) => (d === c ? 1 : 0)))

const COLOURS = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255] } as const satisfies Record<string, [number, number, number]>
type Colour = keyof typeof COLOURS

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0)
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a))

let work: string
let tokenizer: ClipTokenizer
let imagePaths: Record<Colour, string>
const sessions: InferenceSession[] = []

async function session(path: string): Promise<InferenceSession> {
  const s = await InferenceSession.create(path)
  sessions.push(s)
  return s
}

/** Token table rows: each colour word → its colour's direction; optional extra rows. */
function colourRows(extra: [number, number[]][] = []): Map<number, number[]> {
  const rows = new Map<number, number[]>(extra)
  for (const [name, rgb] of Object.entries(COLOURS)) {
    const ids = tokenizer.encode(name).ids
    expect(ids.slice(0, 3)).toEqual([tokenizer.startId, ids[1], tokenizer.endId]) // one token per colour word
    rows.set(ids[1] as number, colourDirection(rgb))
  }
  return rows
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'photohouse-clip-embed-'))
  tokenizer = await loadClipTokenizer(clipTokenizerDir())
  imagePaths = {} as Record<Colour, string>
  for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
    const path = join(work, `${name}.png`)
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r, g, b } } }).png().toFile(path)
    imagePaths[name as Colour] = path
  }
})

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release()))
  rmSync(work, { recursive: true, force: true })
})

function rankImages(query: Float32Array, images: Float32Array[]): { order: number[]; scores: number[] } {
  const scores = images.map((image) => dot(query, image))
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number))
  return { order, scores }
}

describe('clipEmbedImage + clipEmbedText with tiny generated encoders', () => {
  it('HF-style export (dynamic batch, int64 ids, attention_mask, extra outputs): each colour query finds its image', async () => {
    const imageModel = join(work, 'tiny-generated-clip-image-hf.onnx')
    const textModel = join(work, 'tiny-generated-clip-text-hf.onnx')
    await writeTinyGeneratedClipImageEncoder(imageModel, { channelToEmbedding: IDENTITY_PROJECTION, withHiddenStateOutput: true })
    // The end token (also the padding) carries a strong "blue" row: only a correct attention
    // mask (end counted once, padding ignored) keeps "red" pointing at red.
    const endRow: [number, number[]] = [tokenizer.endId, colourDirection(COLOURS.blue).map((x) => x * 0.1)]
    await writeTinyGeneratedClipTextEncoder(textModel, {
      vocabSize: VOCAB,
      dims: DIMS,
      rows: colourRows([endRow]),
      idsType: 'int64',
      withAttentionMask: true,
    })
    const imageSession = await session(imageModel)
    const textSession = await session(textModel)
    expect(describeClipImageSession(imageSession)).toMatchObject({ inputName: 'pixel_values', outputName: 'image_embeds', fixedBatch: null })
    expect(describeClipTextSession(textSession)).toMatchObject({
      idsType: 'int64',
      attentionMask: { name: 'attention_mask', type: 'int64' },
      outputName: 'text_embeds',
    })

    const names = Object.keys(COLOURS) as Colour[]
    // batchSize 2 over 3 images exercises a full and a partial batch.
    const images = await clipEmbedImage(imageSession, names.map((n) => imagePaths[n]), { batchSize: 2 })
    const texts = await clipEmbedText(textSession, tokenizer, names.map((n) => `a photo of something ${n}`))
    expect(images).toHaveLength(3)
    for (const v of [...images, ...texts]) {
      expect(v).toHaveLength(DIMS)
      expect(norm(v)).toBeCloseTo(1, 5)
    }
    names.forEach((name, i) => {
      const { order, scores } = rankImages(texts[i] as Float32Array, images)
      expect(names[order[0] as number]).toBe(name)
      // A clear margin, not a tie broken by luck.
      expect((scores[order[0] as number] as number) - (scores[order[1] as number] as number)).toBeGreaterThan(0.3)
    })
  })

  it('OpenCLIP-style export (fixed batch 1, int32 ids, single oddly named output) gives the same ranking', async () => {
    const imageModel = join(work, 'tiny-generated-clip-image-openclip.onnx')
    const textModel = join(work, 'tiny-generated-clip-text-openclip.onnx')
    await writeTinyGeneratedClipImageEncoder(imageModel, { channelToEmbedding: IDENTITY_PROJECTION, batch: 1, outputName: 'output' })
    await writeTinyGeneratedClipTextEncoder(textModel, {
      vocabSize: VOCAB,
      dims: DIMS,
      rows: colourRows(),
      idsType: 'int32',
      batch: 1,
      outputName: 'output',
    })
    const imageSession = await session(imageModel)
    const textSession = await session(textModel)
    expect(describeClipImageSession(imageSession)).toMatchObject({ fixedBatch: 1, inputSize: { width: 224, height: 224 } })
    expect(describeClipTextSession(textSession)).toMatchObject({ idsType: 'int32', attentionMask: null, fixedBatch: 1, contextLength: 77 })

    const images = await clipEmbedImage(imageSession, [imagePaths.green, imagePaths.blue, imagePaths.red], { batchSize: 8 })
    const [query] = await clipEmbedText(textSession, tokenizer, ['GREEN leaves'])
    const { order, scores } = rankImages(query as Float32Array, images)
    expect(order[0]).toBe(0)
    expect((scores[0] as number) - (scores[order[1] as number] as number)).toBeGreaterThan(0.3)
  })

  it('embeds a real photo through the whole path: the tiny encoder output equals its mean-colour direction', async () => {
    const imageModel = join(work, 'tiny-generated-clip-image-real.onnx')
    await writeTinyGeneratedClipImageEncoder(imageModel, { channelToEmbedding: IDENTITY_PROJECTION })
    const [cat] = await clipEmbedImage(await session(imageModel), [join(SKIMAGE_DATA, 'chelsea.png')])
    // Channel means of chelsea.png after the PIL/HF reference preprocessing: (0.37217, -0.11724, -0.34547).
    const expected = [0.37217, -0.11724, -0.34547]
    const length = Math.hypot(...expected)
    expected.forEach((x, i) => expect(cat?.[i]).toBeCloseTo(x / length, 2))
    expect(Array.from(cat?.slice(3) ?? [])).toEqual([0, 0, 0, 0, 0])
  })

  it('reports which input failed, and rejects zero embeddings instead of dividing by zero', async () => {
    const imageModel = join(work, 'tiny-generated-clip-image-errors.onnx')
    const textModel = join(work, 'tiny-generated-clip-text-errors.onnx')
    await writeTinyGeneratedClipImageEncoder(imageModel, { channelToEmbedding: IDENTITY_PROJECTION })
    await writeTinyGeneratedClipTextEncoder(textModel, { vocabSize: VOCAB, dims: DIMS, rows: colourRows(), idsType: 'int64' })
    const imageSession = await session(imageModel)
    const textSession = await session(textModel)

    const failure = await clipEmbedImage(imageSession, [imagePaths.red, join(work, 'missing.jpg')]).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ClipInputError)
    expect(failure).toMatchObject({ index: 1, message: expect.stringMatching(/missing\.jpg/) })

    // "a dog" has no row in the tiny table, so the tiny encoder yields an all-zero vector.
    const zero = await clipEmbedText(textSession, tokenizer, ['red', 'a dog']).catch((e: unknown) => e)
    expect(zero).toBeInstanceOf(ClipInputError)
    expect(zero).toMatchObject({ index: 1, message: expect.stringMatching(/zero or non-finite/) })
    expect(await clipEmbedText(textSession, tokenizer, [])).toEqual([])
  })

  it('refuses a session that is not a CLIP encoder of the expected kind', async () => {
    const textModel = join(work, 'tiny-generated-clip-text-wrong.onnx')
    await writeTinyGeneratedClipTextEncoder(textModel, { vocabSize: VOCAB, dims: DIMS, rows: colourRows(), idsType: 'int64' })
    const textSession = await session(textModel)
    await expect(clipEmbedImage(textSession, [imagePaths.red])).rejects.toThrow(/CLIP image encoder: input input_ids is int64/)
  })
})
