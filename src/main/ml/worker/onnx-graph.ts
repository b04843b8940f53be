// Adds the classifier's pooled features (the 1280-d vector before the last Gemm/MatMul) as an extra
// graph output, in memory, so "find similar" works without CLIP from the same single inference.
// The shipped file stays untouched (its sha256 is what we verify).
import onnxProto from 'onnx-proto'

const { onnx } = onnxProto

export const POOLED_FEATURES_OUTPUT = 'photohouse_pooled_features'

/**
 * Returns the model bytes with an extra float output `POOLED_FEATURES_OUTPUT` ([N, C]) holding the
 * global-average-pooled activations, or null when the graph has no global pooling to tap.
 * Handles float graphs (GlobalAveragePool) and int8 ones (com.microsoft QLinearGlobalAveragePool,
 * whose uint8 output would lose precision: we dequantize its input and pool in float instead).
 */
export function withPooledFeaturesOutput(modelBytes: Uint8Array): Uint8Array | null {
  const model = onnx.ModelProto.decode(modelBytes)
  const graph = model.graph
  if (!graph) return null
  const nodes = (graph.node ??= [])
  const outputs = (graph.output ??= [])
  const pools = nodes.filter(
    (n) => n.opType === 'GlobalAveragePool' || (n.opType === 'QLinearGlobalAveragePool' && n.domain === 'com.microsoft'),
  )
  const pool = pools[pools.length - 1]
  if (!pool) return null

  const added: onnxProto.onnx.INodeProto[] = []
  let pooled: string
  if (pool.opType === 'GlobalAveragePool') {
    pooled = pool.output?.[0] ?? ''
  } else {
    // QLinearGlobalAveragePool inputs: X, x_scale, x_zero_point, y_scale, y_zero_point.
    const [x, scale, zeroPoint] = pool.input ?? []
    if (!x || !scale || !zeroPoint) return null
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
  if (!pooled) return null
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
  return onnx.ModelProto.encode(model).finish()
}
