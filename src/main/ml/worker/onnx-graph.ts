// Adds the classifier's pooled features (the 1280-d vector before the last Gemm/MatMul) as an extra
// graph output, in memory, so "find similar" works without CLIP from the same single inference.
// The shipped file stays untouched (its sha256 is what we verify).
import onnxProto from 'onnx-proto'

const { onnx } = onnxProto

export const POOLED_FEATURES_OUTPUT = 'photohouse_pooled_features'

/** A decoded ONNX model, for patches that change several things with one decode and one encode. */
export type OnnxModel = onnxProto.onnx.ModelProto

export function decodeModel(bytes: Uint8Array): OnnxModel {
  return onnx.ModelProto.decode(bytes)
}

export function encodeModel(model: OnnxModel): Uint8Array {
  return onnx.ModelProto.encode(model).finish()
}

/**
 * Returns the model bytes with an extra float output `POOLED_FEATURES_OUTPUT` ([N, C]) holding the
 * global-average-pooled activations, or null when the graph has no global pooling to tap.
 * Handles float graphs (GlobalAveragePool) and int8 ones (com.microsoft QLinearGlobalAveragePool,
 * whose uint8 output would lose precision: we dequantize its input and pool in float instead).
 */
export function withPooledFeaturesOutput(modelBytes: Uint8Array): Uint8Array | null {
  const model = decodeModel(modelBytes)
  return addPooledFeaturesOutput(model) ? encodeModel(model) : null
}

/** withPooledFeaturesOutput on a decoded model, in place; false (and unchanged) when there is no pooling to tap. */
export function addPooledFeaturesOutput(model: OnnxModel): boolean {
  const graph = model.graph
  if (!graph) return false
  const nodes = (graph.node ??= [])
  const outputs = (graph.output ??= [])
  const pools = nodes.filter(
    (n) => n.opType === 'GlobalAveragePool' || (n.opType === 'QLinearGlobalAveragePool' && n.domain === 'com.microsoft'),
  )
  const pool = pools[pools.length - 1]
  if (!pool) return false

  const added: onnxProto.onnx.INodeProto[] = []
  let pooled: string
  if (pool.opType === 'GlobalAveragePool') {
    pooled = pool.output?.[0] ?? ''
  } else {
    // QLinearGlobalAveragePool inputs: X, x_scale, x_zero_point, y_scale, y_zero_point.
    const [x, scale, zeroPoint] = pool.input ?? []
    if (!x || !scale || !zeroPoint) return false
    added.push(
      onnx.NodeProto.create({
        name: 'photohouse_dequantize_prepool',
        opType: 'DequantizeLinear',
        input: [x, scale, zeroPoint],
        output: ['photohouse_prepool_f32'],
      }),
      onnx.NodeProto.create({
        name: 'photohouse_pool_f32',
        opType: 'GlobalAveragePool',
        input: ['photohouse_prepool_f32'],
        output: ['photohouse_pooled_4d'],
      }),
    )
    pooled = 'photohouse_pooled_4d'
  }
  if (!pooled) return false
  added.push(
    onnx.NodeProto.create({
      name: 'photohouse_flatten_pooled',
      opType: 'Flatten',
      input: [pooled],
      output: [POOLED_FEATURES_OUTPUT],
      attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
    }),
  )
  nodes.push(...added)
  outputs.push(
    onnx.ValueInfoProto.create({
      name: POOLED_FEATURES_OUTPUT,
      type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: onnx.TensorProto.DataType.FLOAT }) }),
    }),
  )
  return true
}

export const RGB_BYTES_INPUT = 'photohouse_rgb_bytes'

/** What the prologue computes per channel c: x = byte × mul[c] + add[c] (scale, mean, std folded). */
export interface InputNormalisation {
  mul: readonly [number, number, number]
  add: readonly [number, number, number]
}

/**
 * Returns the model bytes with its float NCHW image input `inputName` ([N, 3, H, W]) replaced by
 * `RGB_BYTES_INPUT`: 8-bit interleaved RGB pixels, [N, H, W, 3], exactly the bytes of a crop. A
 * prologue in the graph does what the worker did in JavaScript per image — to float, interleaved to
 * planar, × mul + add per channel — in onnxruntime's vectorised kernels, and the worker hands the
 * crop's bytes over as they are (a prepared input is read straight into the batch). Null when the
 * graph has no such input.
 */
export function withRgbBytesInput(modelBytes: Uint8Array, inputName: string, normalisation: InputNormalisation): Uint8Array | null {
  const model = decodeModel(modelBytes)
  return replaceInputWithRgbBytes(model, inputName, normalisation) ? encodeModel(model) : null
}

/** withRgbBytesInput on a decoded model, in place; false (and unchanged) when it has no such input. */
export function replaceInputWithRgbBytes(model: OnnxModel, inputName: string, normalisation: InputNormalisation): boolean {
  const graph = model.graph
  if (!graph) return false
  const inputs = (graph.input ??= [])
  const index = inputs.findIndex((i) => i.name === inputName)
  const original = inputs[index]
  const tensorType = original?.type?.tensorType
  const dims = tensorType?.shape?.dim ?? []
  if (!original || tensorType?.elemType !== onnx.TensorProto.DataType.FLOAT || dims.length !== 4 || Number(dims[1]?.dimValue) !== 3) return false
  const [batch, , height, width] = dims
  const name = (suffix: string) => `${RGB_BYTES_INPUT}_${suffix}`
  inputs[index] = onnx.ValueInfoProto.create({
    name: RGB_BYTES_INPUT,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.UINT8,
        shape: onnx.TensorShapeProto.create({ dim: [batch!, height!, width!, onnx.TensorShapeProto.Dimension.create({ dimValue: 3 })] }),
      }),
    }),
  })
  const float = (suffix: string, values: readonly number[]) =>
    onnx.TensorProto.create({ name: name(suffix), dataType: onnx.TensorProto.DataType.FLOAT, dims: [3], floatData: [...values] })
  ;(graph.initializer ??= []).push(float('mul', normalisation.mul), float('add', normalisation.add), float('zero', [0, 0, 0]), float('one', [1, 1, 1]))
  const node = (opType: string, input: string[], output: string, attribute: onnxProto.onnx.IAttributeProto[] = []) =>
    onnx.NodeProto.create({ name: `${output}_node`, opType, input, output: [output], attribute })
  // Measured on MobileNetV2-int8, one thread: with Cast + Transpose + BatchNormalization the model
  // runs about as fast from bytes as from float input, so the normalisation (~0.2 ms per image in
  // JavaScript) costs next to nothing, and the logits are bit-identical. Mul + Add with [1, 3, 1, 1]
  // broadcasts instead cost ~1 ms per image more.
  const prologue = [
    node('Cast', [RGB_BYTES_INPUT], name('float'), [
      onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }),
    ]),
    node('Transpose', [name('float')], name('planar'), [
      onnx.AttributeProto.create({ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 3, 1, 2] }),
    ]),
    // x × mul + add per channel, as an inference-mode batch norm: mean 0, variance 1, epsilon 0.
    node('BatchNormalization', [name('planar'), name('mul'), name('add'), name('zero'), name('one')], inputName, [
      onnx.AttributeProto.create({ name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0 }),
    ]),
  ]
  graph.node = [...prologue, ...(graph.node ?? [])]
  return true
}

/** The per-channel multiply-add that scale, mean and std amount to. */
export function inputNormalisation(spec: { scale: number; mean: readonly number[]; std: readonly number[] }): InputNormalisation {
  const channel = (c: number) => ({ mul: spec.scale / spec.std[c]!, add: -spec.mean[c]! / spec.std[c]! })
  const [r, g, b] = [channel(0), channel(1), channel(2)]
  return { mul: [r.mul, g.mul, b.mul], add: [r.add, g.add, b.add] }
}
