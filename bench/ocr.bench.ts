/**
 * OCR benchmark: photos/s through recognizeText (decode + detect + crop + direction + recognise) on
 * the opencv-doc scene-text photos, beside bare session.run calls on the very tensors the pipeline
 * feeds the three models for the same photos, in the same run. The ratio is the share of wall time
 * the pipeline spends inside onnxruntime; the rest is our pre/post-processing.
 *
 *   npm run bench:ocr                       # 3 timed rounds over scenetext01..06
 *   options: --rounds N  --threads N (onnxruntime intra-op threads; default: onnxruntime's choice)
 */
import path from 'node:path'
import type { InferenceSession, Tensor } from 'onnxruntime-node'
import { OPENCV_TEXT } from '../src/main/testing/test-data'
import { bundledOcrModelPaths, loadOcrModels, recognizeText, type OcrModels } from '../src/main/ml/ocr'
import { prepareClassifierBatches, turnUpright } from '../src/main/ml/ocr/classify'
import { cropTextLine } from '../src/main/ml/ocr/crop'
import { DEFAULT_DETECTION_PARAMS, decodeTextRegions, prepareDetectionInput } from '../src/main/ml/ocr/detect'
import { loadOrientedRgb } from '../src/main/ml/ocr/image'
import { prepareRecognitionBatches } from '../src/main/ml/ocr/recognize'

const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => path.join(OPENCV_TEXT, `scenetext0${i}.jpg`))

function intArg(name: string, fallback: number | undefined): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(process.argv[i + 1])
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${process.argv[i + 1]}`)
  return value
}

interface ModelCall {
  session: InferenceSession
  input: Tensor
}

/** The exact model inputs recognizeText builds for one photo, gathered stage by stage. */
async function modelCallsFor(models: OcrModels, file: string): Promise<ModelCall[]> {
  const run = async (session: InferenceSession, input: Tensor) => (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!
  const image = await loadOrientedRgb(file)
  const detection = await prepareDetectionInput(image, DEFAULT_DETECTION_PARAMS)
  const map = await run(models.detector, detection.tensor)
  const regions = decodeTextRegions(map.data as Float32Array, detection.frame, DEFAULT_DETECTION_PARAMS)
  const strips = await Promise.all(regions.map((r) => cropTextLine(image, r.quad)))
  const classifierInputs = await prepareClassifierBatches(strips)
  const upright = await turnUpright(models.classifier, strips)
  const recognition = await prepareRecognitionBatches(upright)
  return [
    { session: models.detector, input: detection.tensor },
    ...classifierInputs.map((input) => ({ session: models.classifier, input })),
    ...recognition.map((batch) => ({ session: models.recognizer, input: batch.input })),
  ]
}

async function main(): Promise<void> {
  const rounds = intArg('rounds', 3)!
  const threads = intArg('threads', undefined)
  const models = await loadOcrModels(bundledOcrModelPaths(), threads ? { intraOpNumThreads: threads } : {})
  console.log(`OCR bench: ${PHOTOS.length} photos x ${rounds} rounds, provider ${models.provider}, intra-op threads ${threads ?? 'default'}`)

  // Warm-up: first runs allocate onnxruntime's arenas for each input shape.
  let lineCount = 0
  for (const file of PHOTOS) lineCount += (await recognizeText(models, file)).lines.length
  const calls = (await Promise.all(PHOTOS.map((file) => modelCallsFor(models, file)))).flat()
  for (const call of calls) await call.session.run({ [call.session.inputNames[0]!]: call.input })

  // Rounds alternate pipeline and bare runs so both see the same machine load over time.
  const perPhotoMs: number[] = []
  let oursSeconds = 0
  let bareSeconds = 0
  for (let r = 0; r < rounds; r++) {
    let start = performance.now()
    for (const file of PHOTOS) {
      const t = performance.now()
      await recognizeText(models, file)
      perPhotoMs.push(performance.now() - t)
    }
    oursSeconds += (performance.now() - start) / 1000
    start = performance.now()
    for (const call of calls) await call.session.run({ [call.session.inputNames[0]!]: call.input })
    bareSeconds += (performance.now() - start) / 1000
  }
  const ours = (rounds * PHOTOS.length) / oursSeconds
  const bare = (rounds * PHOTOS.length) / bareSeconds

  perPhotoMs.sort((a, b) => a - b)
  const pct = (q: number) => perPhotoMs[Math.min(perPhotoMs.length - 1, Math.floor(q * perPhotoMs.length))]!.toFixed(0)
  console.log(`model inputs per round: ${calls.length} session.run calls (1 detector + classifier/recognizer batches per photo), ${lineCount} lines kept`)
  console.log(`bare session.run on the same tensors: ${bare.toFixed(2)} photos/s (${bareSeconds.toFixed(2)} s)`)
  console.log(`recognizeText (decode + detect + crop + direction + recognise): ${ours.toFixed(2)} photos/s (${oursSeconds.toFixed(2)} s), p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms`)
  console.log(`ratio (recognizeText / bare session.run): ${(ours / bare).toFixed(2)}`)
  await Promise.all([models.detector.release(), models.classifier.release(), models.recognizer.release()])
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
