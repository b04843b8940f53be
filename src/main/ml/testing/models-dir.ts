// Test support: where the real shared models are. PHOTOHOUSE_MODELS_DIR when set, else the CI layout
// (shared/ beside the repo).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')

export function sharedModelsDir(): string {
  return path.resolve(process.env['PHOTOHOUSE_MODELS_DIR'] ?? path.join(REPO_ROOT, '..', 'shared', 'models'))
}

/** Real photos with known content, from Debian packages (python3-skimage, opencv-doc). */
const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data'
const OPENCV = '/usr/share/doc/opencv-doc/examples/data'
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
