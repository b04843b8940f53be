import type { InferenceSession } from 'onnxruntime-node'
import type { SessionLike } from '../worker/sessions'

/**
 * Finds which inputs/outputs of a CLIP encoder session to use, from the session's own metadata,
 * so both HF exports (`pixel_values`/`input_ids` + `attention_mask`, int64, dynamic batch,
 * outputs `image_embeds`/`text_embeds` next to `last_hidden_state`) and OpenCLIP exports
 * (int32 ids, fixed batch 1, a single output) work without per-model code.
 */

type TensorMetadata = Extract<InferenceSession.ValueMetadata, { isTensor: true }>

export interface ClipImageSessionIO {
  inputName: string
  outputName: string
  /** Batch size baked into the model (e.g. 1), or null when the batch dimension is dynamic. */
  fixedBatch: number | null
  /** Spatial size the model declares, when it declares one (checked against preprocessing). */
  inputSize: { height: number; width: number } | null
}

export interface ClipTextSessionIO {
  inputIdsName: string
  idsType: 'int32' | 'int64'
  attentionMask: { name: string; type: 'int32' | 'int64' } | null
  outputName: string
  fixedBatch: number | null
  /** Sequence length the model declares, or null when dynamic. */
  contextLength: number | null
}

export interface ClipSessionIOOptions {
  /** Use this output instead of guessing (for exports with unusual names). */
  outputName?: string
}

function tensorMetadata(values: readonly InferenceSession.ValueMetadata[]): TensorMetadata[] {
  return values.filter((v): v is TensorMetadata => v.isTensor)
}

const fixedDim = (dim: number | string | undefined): number | null => (typeof dim === 'number' && dim > 0 ? dim : null)

function pickOutput(session: SessionLike, preferred: string, options: ClipSessionIOOptions, what: string): string {
  const outputs = tensorMetadata(session.outputMetadata)
  if (options.outputName) {
    if (!session.outputNames.includes(options.outputName)) {
      throw new Error(`CLIP ${what} encoder: no output named ${options.outputName} (has ${session.outputNames.join(', ')})`)
    }
    return options.outputName
  }
  // Never take a per-token/per-patch output (last_hidden_state): the embedding is [batch, dims].
  const flat = outputs.filter((o) => o.shape.length === 0 || o.shape.length === 2)
  const named =
    flat.find((o) => o.name === preferred) ??
    flat.find((o) => /embed/i.test(o.name)) ??
    (outputs.length === 1 ? outputs[0] : undefined)
  if (!named) {
    throw new Error(
      `CLIP ${what} encoder: cannot tell which output is the embedding (${session.outputNames.join(', ')}); pass outputName`,
    )
  }
  return named.name
}

export function describeClipImageSession(session: SessionLike, options: ClipSessionIOOptions = {}): ClipImageSessionIO {
  const inputs = tensorMetadata(session.inputMetadata)
  const input = inputs.find((i) => i.name === 'pixel_values') ?? (inputs.length === 1 ? inputs[0] : undefined)
  if (!input) throw new Error(`CLIP image encoder: no pixel_values input (has ${session.inputNames.join(', ')})`)
  if (input.type !== 'float32') {
    throw new Error(`CLIP image encoder: input ${input.name} is ${input.type}; only float32 image inputs are supported`)
  }
  if (input.shape.length !== 0 && input.shape.length !== 4) {
    throw new Error(`CLIP image encoder: input ${input.name} has shape [${input.shape.join(', ')}], expected [batch, 3, H, W]`)
  }
  const other = inputs.filter((i) => i.name !== input.name)
  if (other.length > 0) throw new Error(`CLIP image encoder: unexpected extra inputs ${other.map((i) => i.name).join(', ')}`)
  const height = fixedDim(input.shape[2])
  const width = fixedDim(input.shape[3])
  return {
    inputName: input.name,
    outputName: pickOutput(session, 'image_embeds', options, 'image'),
    fixedBatch: fixedDim(input.shape[0]),
    inputSize: height !== null && width !== null ? { height, width } : null,
  }
}

function intType(meta: TensorMetadata, what: string): 'int32' | 'int64' {
  if (meta.type === 'int32' || meta.type === 'int64') return meta.type
  throw new Error(`CLIP text encoder: ${what} input ${meta.name} is ${meta.type}, expected int32 or int64`)
}

export function describeClipTextSession(session: SessionLike, options: ClipSessionIOOptions = {}): ClipTextSessionIO {
  const inputs = tensorMetadata(session.inputMetadata)
  const ids =
    inputs.find((i) => i.name === 'input_ids') ??
    inputs.find((i) => /ids|text|token/i.test(i.name)) ??
    (inputs.length === 1 ? inputs[0] : undefined)
  if (!ids) throw new Error(`CLIP text encoder: no input_ids input (has ${session.inputNames.join(', ')})`)
  const mask = inputs.find((i) => i.name === 'attention_mask') ?? null
  const unknown = inputs.filter((i) => i !== ids && i !== mask)
  if (unknown.length > 0) throw new Error(`CLIP text encoder: unexpected extra inputs ${unknown.map((i) => i.name).join(', ')}`)
  if (ids.shape.length !== 0 && ids.shape.length !== 2) {
    throw new Error(`CLIP text encoder: input ${ids.name} has shape [${ids.shape.join(', ')}], expected [batch, length]`)
  }
  return {
    inputIdsName: ids.name,
    idsType: intType(ids, 'token'),
    attentionMask: mask ? { name: mask.name, type: intType(mask, 'mask') } : null,
    outputName: pickOutput(session, 'text_embeds', options, 'text'),
    fixedBatch: fixedDim(ids.shape[0]),
    contextLength: fixedDim(ids.shape[1]),
  }
}
