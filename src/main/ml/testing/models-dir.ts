// Test support: where the real models are. PHOTOHOUSE_MODELS_DIR when set, else the ones the app ships
// (resources/models: the MobileNetV2 classifier and the CLIP tokenizer are committed there).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { OPENCV_DATA, SKIMAGE_DATA } from '../../testing/test-data'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')

export function sharedModelsDir(): string {
  return path.resolve(process.env['PHOTOHOUSE_MODELS_DIR'] ?? path.join(REPO_ROOT, 'resources', 'models'))
}

/** Real photos with known content (test-data/: from python3-skimage and opencv-doc). */
const SKIMAGE = SKIMAGE_DATA
const OPENCV = OPENCV_DATA
export const REAL_PHOTOS = {
  cat: path.join(SKIMAGE, 'chelsea.png'),
  coffee: path.join(SKIMAGE, 'coffee.png'),
  astronaut: path.join(SKIMAGE, 'astronaut.png'),
  motorcycle: path.join(SKIMAGE, 'motorcycle_left.png'),
  squirrel: path.join(OPENCV, 'squirrel_cls.jpg'),
  baboon: path.join(OPENCV, 'baboon.jpg'),
  fruits: path.join(OPENCV, 'fruits.jpg'),
  butterfly: path.join(OPENCV, 'butterfly.jpg'),
  soccer: path.join(OPENCV, 'messi5.jpg'),
} as const
