/**
 * TEST/BENCH SUPPORT ONLY — writes a GENERATED image encoder with RANDOM weights that has the
 * interface of the OpenCLIP ViT-B/32 int8 image encoder (pixel_values float32 [1, 3, 224, 224] →
 * image_embeds float32 [1, 512]) and roughly its compute: a 32×32/stride-32 patch Conv to 768
 * channels, a class token (49 + 1 tokens), 12 pre-LayerNorm transformer blocks sized like ViT-B
 * (768 → 2304 qkv, 12-head attention, 768 → 768 out, 768 → 3072 → 768 GELU MLP), a final
 * LayerNorm on the class token and a 768 → 512 projection.
 *
 * It knows nothing: it measures what running CLIP costs, not what CLIP is worth. Its weights come
 * from the seeded PRNG, so a seed always gives the same bytes. Never commit, ship or present a
 * generated file as CLIP; the bench builds one into a temp dir and deletes it.
 *
 * Linear layers are int8 the way onnxruntime's `quantize_dynamic` writes them (per-tensor int8
 * weights; the activation quantised at run time by DynamicQuantizeLinear, MatMulInteger, Cast,
 * Mul by the two scales, Add bias), which onnxruntime fuses into its int8 kernels at load.
 * What stays float32 here: the patch Conv (~2.6% of the multiply-adds) and the two attention
 * MatMuls per block (~1%).
 */
import { writeFile } from 'node:fs/promises'
import onnxProto from 'onnx-proto'
import { seededRandom } from '../../../platform/seeded-random'

const { onnx } = onnxProto
type Node = onnxProto.onnx.INodeProto
type Tensor = onnxProto.onnx.ITensorProto

const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT8 = onnx.TensorProto.DataType.INT8
const INT64 = onnx.TensorProto.DataType.INT64

export interface ClipCostEncoderSpec {
  seed: number
  /** Transformer blocks. ViT-B: 12 (tests may use fewer to stay small). */
  layers?: number
}

/** ViT-B/32 at 224 px, as OpenCLIP exports its image encoder. */
export const CLIP_COST_ENCODER_SHAPE = {
  inputName: 'pixel_values',
  input: [1, 3, 224, 224],
  outputName: 'image_embeds',
  output: [1, 512],
  patch: 32,
  width: 768,
  heads: 12,
  mlp: 3072,
  layers: 12,
} as const

const S = CLIP_COST_ENCODER_SHAPE
const TOKENS = (S.input[2] / S.patch) * (S.input[3] / S.patch) + 1 // 49 patches + the class token

/** Multiply-adds per image (the "4.4 GFLOPs" usually quoted for ViT-B/32 counts these). */
export function clipCostEncoderMacs(spec: Pick<ClipCostEncoderSpec, 'layers'> = {}): number {
  const layers = spec.layers ?? S.layers
  const patchEmbed = (TOKENS - 1) * S.width * 3 * S.patch * S.patch
  const linears = TOKENS * S.width * (3 * S.width + S.width + 2 * S.mlp)
  const attention = 2 * TOKENS * TOKENS * S.width
  return patchEmbed + layers * (linears + attention) + S.width * S.output[1]
}

/** The encoder as ONNX bytes; the same seed and layers always give the same bytes. */
export function clipCostEncoderBytes(spec: ClipCostEncoderSpec): Uint8Array {
  const layers = spec.layers ?? S.layers
  const random = seededRandom(spec.seed)
  const nodes: Node[] = []
  const initializers: Tensor[] = []
  let counter = 0

  const node = (opType: string, input: string[], attribute: onnxProto.onnx.IAttributeProto[] = [], outputs = 1): string[] => {
    const output = Array.from({ length: outputs }, (_, i) => `${opType.toLowerCase()}_${counter}${outputs > 1 ? `_${i}` : ''}`)
    counter++
    nodes.push({ opType, input, output, attribute })
    return output
  }
  const one = (opType: string, input: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): string => node(opType, input, attribute)[0]!
  const int = (name: string, i: number): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i })
  const ints = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values })

  const constant = (name: string, dims: number[], dataType: number, bytes: ArrayBufferView): string => {
    initializers.push({ name, dims, dataType, rawData: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
    return name
  }
  const floats = (name: string, dims: number[], fill: (i: number) => number): string => {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1))
    for (let i = 0; i < values.length; i++) values[i] = fill(i)
    return constant(name, dims, FLOAT, values)
  }
  const int64s = (name: string, values: number[]): string => constant(name, [values.length], INT64, BigInt64Array.from(values, BigInt))
  const scalar = (name: string, value: number): string => constant(name, [], FLOAT, Float32Array.of(value))
  /** Uniform in ±√(3 / fanIn): unit-variance inputs give unit-variance outputs, so 12 blocks stay finite. */
  const uniform = (fanIn: number) => {
    const bound = Math.sqrt(3 / fanIn)
    return () => (2 * random() - 1) * bound
  }

  /** y = x·W + b with W int8, as quantize_dynamic writes a MatMul. */
  const linear = (x: string, name: string, fanIn: number, fanOut: number, withBias = true): string => {
    const weights = new Int8Array(fanIn * fanOut)
    for (let i = 0; i < weights.length; i++) weights[i] = Math.floor(random() * 255) - 127
    const w = constant(`${name}.weight_quantized`, [fanIn, fanOut], INT8, weights)
    const wScale = scalar(`${name}.weight_scale`, Math.sqrt(3 / fanIn) / 127)
    const wZero = constant(`${name}.weight_zero_point`, [], INT8, Int8Array.of(0))
    const [xq, xScale, xZero] = node('DynamicQuantizeLinear', [x], [], 3) as [string, string, string]
    const accumulated = one('Cast', [one('MatMulInteger', [xq, w, xZero, wZero])], [int('to', FLOAT)])
    const y = one('Mul', [accumulated, one('Mul', [xScale, wScale])])
    return withBias ? one('Add', [y, floats(`${name}.bias`, [fanOut], () => 0.02 * (2 * random() - 1))]) : y
  }
  const layerNorm = (x: string, name: string): string =>
    one('LayerNormalization', [x, floats(`${name}.scale`, [S.width], () => 1), floats(`${name}.bias`, [S.width], () => 0)], [int('axis', -1)])

  // Shapes and constants shared by every block.
  const headDim = S.width / S.heads
  const headsShape = int64s('heads_shape', [1, TOKENS, S.heads, headDim])
  const tokensShape = int64s('tokens_shape', [1, TOKENS, S.width])
  const qkvSplit = int64s('qkv_split', [S.width, S.width, S.width])
  const attentionScale = scalar('attention_scale', 1 / Math.sqrt(headDim))
  const sqrt2 = scalar('sqrt2', Math.SQRT2)
  const onef = scalar('one', 1)
  const half = scalar('half', 0.5)

  // Patch embedding: [1,3,224,224] → [1,768,7,7] → [1,49,768]; class token first, then positions.
  const patchWeights = floats('patch_embed.weight', [S.width, 3, S.patch, S.patch], uniform(3 * S.patch * S.patch))
  const patches = one('Conv', [S.inputName, patchWeights], [ints('kernel_shape', [S.patch, S.patch]), ints('strides', [S.patch, S.patch])])
  const patchRows = one('Transpose', [one('Reshape', [patches, int64s('patch_rows_shape', [1, S.width, TOKENS - 1])])], [ints('perm', [0, 2, 1])])
  const classToken = floats('class_embedding', [1, 1, S.width], () => 0.1 * (2 * random() - 1))
  const positions = floats('positional_embedding', [TOKENS, S.width], () => 0.1 * (2 * random() - 1))
  let x = layerNorm(one('Add', [one('Concat', [classToken, patchRows], [int('axis', 1)]), positions]), 'ln_pre')

  for (let b = 0; b < layers; b++) {
    const block = `blocks.${b}`
    // Multi-head self-attention over the 50 tokens.
    const qkv = linear(layerNorm(x, `${block}.ln_1`), `${block}.attn.in_proj`, S.width, 3 * S.width)
    const [q, k, v] = node('Split', [qkv, qkvSplit], [int('axis', 2)], 3) as [string, string, string]
    const heads = (t: string, perm: number[]) => one('Transpose', [one('Reshape', [t, headsShape])], [ints('perm', perm)])
    const scores = one('Mul', [one('MatMul', [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])]), attentionScale])
    const mixed = one('MatMul', [one('Softmax', [scores], [int('axis', -1)]), heads(v, [0, 2, 1, 3])])
    const merged = one('Reshape', [one('Transpose', [mixed], [ints('perm', [0, 2, 1, 3])]), tokensShape])
    x = one('Add', [x, linear(merged, `${block}.attn.out_proj`, S.width, S.width)])
    // MLP with exact (erf) GELU, as OpenCLIP's LAION models use; onnxruntime fuses it into Gelu.
    const hidden = linear(layerNorm(x, `${block}.ln_2`), `${block}.mlp.fc1`, S.width, S.mlp)
    const gelu = one('Mul', [one('Mul', [hidden, one('Add', [one('Erf', [one('Div', [hidden, sqrt2])]), onef])]), half])
    x = one('Add', [x, linear(gelu, `${block}.mlp.fc2`, S.mlp, S.width)])
  }

  // The class token, normalised, projected into the 512-d embedding space (no bias, as in CLIP).
  const classOut = layerNorm(one('Gather', [x, int64s('class_index', [0])], [int('axis', 1)]), 'ln_post')
  const pooled = one('Reshape', [classOut, int64s('pooled_shape', [1, S.width])])
  const embedding = linear(pooled, 'proj', S.width, S.output[1], false)
  nodes.push({ opType: 'Identity', input: [embedding], output: [S.outputName] })

  const valueInfo = (name: string, dims: readonly number[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  })
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'photohouse clip-cost-encoder (GENERATED, RANDOM WEIGHTS, not CLIP)',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'generated_clip_cost_image_encoder',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(S.inputName, S.input)],
      output: [valueInfo(S.outputName, S.output)],
    },
  })
  return onnx.ModelProto.encode(model).finish()
}

export async function writeClipCostEncoder(path: string, spec: ClipCostEncoderSpec): Promise<void> {
  await writeFile(path, clipCostEncoderBytes(spec))
}
