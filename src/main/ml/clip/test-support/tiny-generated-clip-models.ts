/**
 * TEST SUPPORT ONLY — writes tiny, hand-designed ONNX graphs that have the *interface* of CLIP
 * encoders (pixel_values → embedding, input_ids → embedding) but none of its knowledge. They let
 * the tests drive the real preprocessing, tokenizer, session I/O discovery and normalisation
 * end to end. Files are generated into a temp dir per test run and are named
 * `tiny-generated-clip-*.onnx`; they are never shipped or committed as product models.
 *
 * Image encoder: GlobalAveragePool over the normalised pixels → the 3 per-channel means →
 * MatMul into the embedding space. So the embedding of an image is a function of its mean colour.
 * Text encoder: Gather(token embedding table) → mean (or attention-masked sum) over positions.
 * The caller fills the table rows of chosen tokens (e.g. "red") with chosen directions.
 */
import { writeFile } from 'node:fs/promises'
import onnxProto from 'onnx-proto'

const { onnx } = onnxProto
type Dim = number | string

const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT32 = onnx.TensorProto.DataType.INT32
const INT64 = onnx.TensorProto.DataType.INT64

function valueInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

function floatInitializer(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`initializer ${name}: size mismatch`)
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) }
}

function intsAttribute(name: string, ints: number[]): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints }
}

function intAttribute(name: string, i: number): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i }
}

async function writeModel(path: string, graph: onnxProto.onnx.IGraphProto): Promise<void> {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'photohouse-tests (tiny generated, not a real model)',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  })
  await writeFile(path, onnx.ModelProto.encode(model).finish())
}

export interface TinyImageEncoderSpec {
  /** Row c maps the mean of normalised channel c (R, G, B) into the embedding: shape [3][dims]. */
  channelToEmbedding: number[][]
  /** 'batch' = dynamic batch (HF export style); 1 = fixed batch (OpenCLIP int8 export style). */
  batch?: 'batch' | 1
  outputName?: string
  /** Adds a second, non-embedding output the discovery logic must not pick. */
  withHiddenStateOutput?: boolean
}

export async function writeTinyGeneratedClipImageEncoder(path: string, spec: TinyImageEncoderSpec): Promise<void> {
  const dims = spec.channelToEmbedding[0]?.length ?? 0
  const batch = spec.batch ?? 'batch'
  const outputName = spec.outputName ?? 'image_embeds'
  const nodes: onnxProto.onnx.INodeProto[] = [
    { opType: 'GlobalAveragePool', input: ['pixel_values'], output: ['pooled'] },
    { opType: 'Flatten', input: ['pooled'], output: ['channel_means'], attribute: [intAttribute('axis', 1)] },
    { opType: 'MatMul', input: ['channel_means', 'projection'], output: [outputName] },
  ]
  const outputs = [valueInfo(outputName, FLOAT, [batch, dims])]
  if (spec.withHiddenStateOutput) {
    nodes.push({ opType: 'Identity', input: ['pooled'], output: ['last_hidden_state'] })
    outputs.push(valueInfo('last_hidden_state', FLOAT, [batch, 3, 1, 1]))
  }
  await writeModel(path, {
    name: 'tiny_generated_clip_image_encoder',
    node: nodes,
    initializer: [floatInitializer('projection', [3, dims], Float32Array.from(spec.channelToEmbedding.flat()))],
    input: [valueInfo('pixel_values', FLOAT, [batch, 3, 224, 224])],
    output: outputs,
  })
}

export interface TinyTextEncoderSpec {
  vocabSize: number
  dims: number
  /** Token id → embedding row; every other row is zero. */
  rows: ReadonlyMap<number, number[]>
  idsType: 'int32' | 'int64'
  batch?: 'batch' | 1
  contextLength?: number
  outputName?: string
  /** Adds an `attention_mask` input (int64, HF style) and sums only the unmasked positions. */
  withAttentionMask?: boolean
}

export async function writeTinyGeneratedClipTextEncoder(path: string, spec: TinyTextEncoderSpec): Promise<void> {
  const batch = spec.batch ?? 'batch'
  const context = spec.contextLength ?? 77
  const outputName = spec.outputName ?? 'text_embeds'
  const table = new Float32Array(spec.vocabSize * spec.dims)
  for (const [token, row] of spec.rows) table.set(row, token * spec.dims)
  const nodes: onnxProto.onnx.INodeProto[] = [
    { opType: 'Gather', input: ['token_table', 'input_ids'], output: ['token_vectors'], attribute: [intAttribute('axis', 0)] },
  ]
  const inputs = [valueInfo('input_ids', spec.idsType === 'int32' ? INT32 : INT64, [batch, context])]
  if (spec.withAttentionMask) {
    inputs.push(valueInfo('attention_mask', INT64, [batch, context]))
    nodes.push(
      { opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], attribute: [intAttribute('to', FLOAT)] },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_column'] },
      { opType: 'Mul', input: ['token_vectors', 'mask_column'], output: ['masked_vectors'] },
      {
        opType: 'ReduceSum',
        input: ['masked_vectors', 'position_axis'],
        output: [outputName],
        attribute: [intAttribute('keepdims', 0)],
      },
    )
  } else {
    nodes.push({
      opType: 'ReduceMean',
      input: ['token_vectors'],
      output: [outputName],
      attribute: [intsAttribute('axes', [1]), intAttribute('keepdims', 0)],
    })
  }
  const int64Initializer = (name: string, value: number): onnxProto.onnx.ITensorProto => ({
    name,
    dims: [1],
    dataType: INT64,
    int64Data: [value],
  })
  await writeModel(path, {
    name: 'tiny_generated_clip_text_encoder',
    node: nodes,
    initializer: [
      floatInitializer('token_table', [spec.vocabSize, spec.dims], table),
      ...(spec.withAttentionMask ? [int64Initializer('last_axis', 2), int64Initializer('position_axis', 1)] : []),
    ],
    input: inputs,
    output: [valueInfo(outputName, FLOAT, [batch, spec.dims])],
  })
}
