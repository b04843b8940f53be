// Generic session.run for models whose pre/post-processing lives elsewhere (CLIP text, faces, OCR):
// the caller sends ready tensors, the worker only owns the session.
import ort from 'onnxruntime-node'
import type { RunParams, RunResult, SerializedTensor, SessionInfoResult, ModelRef } from './protocol'
import type { SessionPool } from './sessions'

function graphPath(model: ModelRef, file: string): string {
  const p = model.files[file]
  if (!p) throw new Error(`Model "${model.id}" has no file ${file}`)
  return p
}

export function createRunner(pool: SessionPool) {
  const session = (model: ModelRef, file: string) => {
    const p = graphPath(model, file)
    return pool.get(`run:${model.id}:${p}`, async () => p)
  }

  async function run(params: RunParams): Promise<RunResult> {
    const s = await session(params.model, params.file)
    const feeds: Record<string, ort.Tensor> = {}
    for (const [name, t] of Object.entries(params.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims)
    const out = params.fetches ? await s.session.run(feeds, params.fetches) : await s.session.run(feeds)
    const outputs: Record<string, SerializedTensor> = {}
    for (const [name, t] of Object.entries(out)) {
      outputs[name] = { type: t.type as SerializedTensor['type'], dims: [...t.dims], data: t.data as SerializedTensor['data'] }
    }
    return { provider: s.provider, outputs }
  }

  async function sessionInfo(params: { model: ModelRef; file: string }): Promise<SessionInfoResult> {
    const s = await session(params.model, params.file)
    return {
      provider: s.provider,
      attempts: s.attempts,
      inputNames: [...s.session.inputNames],
      outputNames: [...s.session.outputNames],
    }
  }

  return { run, sessionInfo }
}
