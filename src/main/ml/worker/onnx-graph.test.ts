// The in-memory patches of the classifier graph, on the real MobileNetV2-int8 and real photos: the
// RGB-byte input gives the logits the float input gives, and a graph without a float NCHW input
// is left alone (null).
import { readFileSync } from 'node:fs'
import ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { REAL_PHOTOS, sharedModelsDir } from '../testing/models-dir'
import { classifierGraphAsRun } from './classify'
import { CLASSIFIER_INPUT, writePreparedPixels } from './image-tensor'
import { inputNormalisation, POOLED_FEATURES_OUTPUT, RGB_BYTES_INPUT, withPooledFeaturesOutput, withRgbBytesInput } from './onnx-graph'
import { imageToRgbInputWithSharp } from './preprocess'

const modelPath = `${sharedModelsDir()}/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx`
const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 }

describe('withRgbBytesInput (real MobileNetV2-int8)', () => {
  it('takes [N, 224, 224, 3] bytes and gives the logits and features the float input gives, on real photos', async () => {
    const original = readFileSync(modelPath)
    const float = await ort.InferenceSession.create(withPooledFeaturesOutput(original)!, options)
    const asRun = classifierGraphAsRun(original, modelPath)
    expect(asRun.hasPooledFeatures).toBe(true)
    const bytes = await ort.InferenceSession.create(asRun.bytes, options)
    expect(bytes.inputNames).toEqual([RGB_BYTES_INPUT])
    expect(bytes.outputNames).toEqual(['output', POOLED_FEATURES_OUTPUT])

    const photos = [REAL_PHOTOS.cat, REAL_PHOTOS.coffee, REAL_PHOTOS.butterfly, REAL_PHOTOS.squirrel]
    const rgb = new Uint8Array(plane * photos.length)
    const normalised = new Float32Array(plane * photos.length)
    for (const [i, photo] of photos.entries()) {
      await imageToRgbInputWithSharp(photo, CLASSIFIER_INPUT, rgb, i * plane)
      writePreparedPixels({ rgb: rgb.subarray(i * plane, (i + 1) * plane), width: 224, height: 224, source: photo }, CLASSIFIER_INPUT, normalised, i * plane)
    }
    const fromFloat = await float.run({ input: new ort.Tensor('float32', normalised, [photos.length, 3, 224, 224]) })
    const fromBytes = await bytes.run({ [RGB_BYTES_INPUT]: new ort.Tensor('uint8', rgb, [photos.length, 224, 224, 3]) })
    for (const name of ['output', POOLED_FEATURES_OUTPUT]) {
      const a = fromFloat[name]!.data as Float32Array
      const b = fromBytes[name]!.data as Float32Array
      expect(b.length, name).toBe(a.length)
      // The int8 graph quantizes its input first, so float rounding differences rarely survive at all.
      let max = 0
      for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!))
      expect(max, name).toBeLessThanOrEqual(1e-4)
    }
    // And the same classes win (a sanity check that the channels are not swapped: a swap still runs).
    const argmax = (logits: Float32Array, row: number) => {
      let best = 0
      for (let c = 1; c < 1000; c++) if (logits[row * 1000 + c]! > logits[row * 1000 + best]!) best = c
      return best
    }
    const logits = fromBytes['output']!.data as Float32Array
    expect(photos.map((_, row) => argmax(logits, row))).toEqual(photos.map((_, row) => argmax(fromFloat['output']!.data as Float32Array, row)))
    await Promise.all([float.release(), bytes.release()])
  })

  it('gives null for a graph without a float [N, 3, H, W] input of that name', () => {
    const original = readFileSync(modelPath)
    const normalisation = inputNormalisation(CLASSIFIER_INPUT)
    expect(withRgbBytesInput(original, 'no-such-input', normalisation)).toBeNull()
    // Patched once, its input is bytes: a second patch finds no float input.
    const once = withRgbBytesInput(original, 'input', normalisation)!
    expect(withRgbBytesInput(once, 'input', normalisation)).toBeNull()
    expect(withRgbBytesInput(once, RGB_BYTES_INPUT, normalisation)).toBeNull()
    expect(() => classifierGraphAsRun(once, 'patched.onnx')).toThrow(/no float image input/)
  })

  it('folds scale, mean and std into one multiply-add per channel', () => {
    const { mul, add } = inputNormalisation(CLASSIFIER_INPUT)
    for (let c = 0; c < 3; c++) {
      for (const byte of [0, 128, 255]) {
        const expected = (byte * CLASSIFIER_INPUT.scale - CLASSIFIER_INPUT.mean[c]!) / CLASSIFIER_INPUT.std[c]!
        expect(byte * mul[c]! + add[c]!).toBeCloseTo(expected, 10)
      }
    }
  })
})
