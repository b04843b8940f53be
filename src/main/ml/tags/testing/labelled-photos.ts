// Test support for the tag calibration (issue 11): the labelled photos (labelled-photos.json, judged by
// looking at each photo) and the classifier's real class probabilities for them, computed the way the
// inference worker computes them (same patched graph, same crop, same softmax).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ort from 'onnxruntime-node'
import { CAMERA_JPEGS, opencvPhoto, skimagePhoto } from '../../../ingest/test-photos'
import { OPENCV_HTML, OPENCV_TEXT } from '../../../testing/test-data'
import { sharedModelsDir, REPO_ROOT } from '../../testing/models-dir'
import { classifierGraphAsRun, CLASSIFIER_FILES } from '../../worker/classify'
import { CLASSIFIER_INPUT } from '../../worker/image-tensor'
import { RGB_BYTES_INPUT } from '../../worker/onnx-graph'
import { imageToRgbInput } from '../../worker/preprocess'
import { loadHypernymTable, softmax, type HypernymTable } from '../imagenet-tags'

export interface LabelledPhoto {
  /** Key in labelled-photos.json: "<source>/<file>". */
  key: string
  file: string
  /** What the photo shows, as written down when judging it. */
  what: string
  /** Tag words a person would accept for this photo (lower case). */
  right: Set<string>
  /** Tag words a person would call wrong for this photo (lower case). */
  wrong: Set<string>
}

const LABELS_FILE = path.join(REPO_ROOT, 'src', 'main', 'ml', 'tags', 'labelled-photos.json')

/** The photo a labelled-set key names, through the test-data constants and helpers. */
export function photoFile(key: string): string {
  const slash = key.indexOf('/')
  const source = key.slice(0, slash)
  const name = key.slice(slash + 1)
  switch (source) {
    case 'opencv':
      return opencvPhoto(name)
    case 'skimage':
      return skimagePhoto(name)
    case 'opencv-text':
      return path.join(OPENCV_TEXT, name)
    case 'opencv-html':
      return path.join(OPENCV_HTML, name)
    case 'npm': {
      // "npm/<package>/<path in package>": one of CAMERA_JPEGS.
      const file = CAMERA_JPEGS.find((f) => f.split(path.sep).join('/').endsWith(`/node_modules/${name}`))
      if (!file) throw new Error(`${key} is not one of CAMERA_JPEGS`)
      return file
    }
    default:
      throw new Error(`unknown photo source in ${key}`)
  }
}

export function loadLabelledPhotos(): LabelledPhoto[] {
  const json = JSON.parse(readFileSync(LABELS_FILE, 'utf8')) as { photos: Record<string, { what: string; right: string[]; wrong: string[] }> }
  return Object.entries(json.photos).map(([key, p]) => ({
    key,
    file: photoFile(key),
    what: p.what,
    right: new Set(p.right.map((w) => w.toLowerCase())),
    wrong: new Set(p.wrong.map((w) => w.toLowerCase())),
  }))
}

export function classifierLabels(): string[] {
  return JSON.parse(readFileSync(path.join(sharedModelsDir(), 'mobilenetv2-12-int8', CLASSIFIER_FILES.labels), 'utf8')) as string[]
}

export function hypernymTable(): HypernymTable {
  return loadHypernymTable(path.join(REPO_ROOT, 'resources', 'models', 'imagenet-hypernyms.json'))
}

/** The 1000 class probabilities of each photo, as the inference worker computes them. */
export async function classifierProbabilities(files: readonly string[]): Promise<Float32Array[]> {
  const graph = path.join(sharedModelsDir(), 'mobilenetv2-12-int8', CLASSIFIER_FILES.graph)
  const asRun = classifierGraphAsRun(readFileSync(graph), graph)
  const session = await ort.InferenceSession.create(asRun.bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 })
  try {
    const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
    const out: Float32Array[] = []
    for (const file of files) {
      const rgb = new Uint8Array(plane)
      await imageToRgbInput(file, CLASSIFIER_INPUT, rgb)
      const result = await session.run({ [RGB_BYTES_INPUT]: new ort.Tensor('uint8', rgb, [1, CLASSIFIER_INPUT.height, CLASSIFIER_INPUT.width, 3]) }, ['output'])
      out.push(softmax(result['output']!.data as Float32Array))
    }
    return out
  } finally {
    await session.release()
  }
}
