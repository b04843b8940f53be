import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { appRoot } from '../../../platform/app-root'

/** The real-model folder: $PHOTOHOUSE_MODELS_DIR, else the models the app ships (resources/models). */
export function sharedModelsDir(): string {
  return process.env.PHOTOHOUSE_MODELS_DIR ?? resolve(appRoot(), 'resources', 'models')
}

export function clipTokenizerDir(): string {
  const dir = join(sharedModelsDir(), 'clip-vit-b32-tokenizer')
  if (!existsSync(join(dir, 'tokenizer.json'))) {
    throw new Error(`CLIP tokenizer files not found in ${dir}; set PHOTOHOUSE_MODELS_DIR`)
  }
  return dir
}

/** Real photos from Debian's python3-skimage, committed in test-data/. */
export { SKIMAGE_DATA } from '../../../testing/test-data'
