import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { appRoot } from '../../../platform/app-root'

/** The shared real-model folder: $PHOTOHOUSE_MODELS_DIR, else ../shared/models beside the repo (as in CI). */
export function sharedModelsDir(): string {
  return process.env.PHOTOHOUSE_MODELS_DIR ?? resolve(appRoot(), '..', 'shared', 'models')
}

export function clipTokenizerDir(): string {
  const dir = join(sharedModelsDir(), 'clip-vit-b32-tokenizer')
  if (!existsSync(join(dir, 'tokenizer.json'))) {
    throw new Error(`CLIP tokenizer files not found in ${dir}; set PHOTOHOUSE_MODELS_DIR`)
  }
  return dir
}

/** Real photos shipped by Debian's python3-skimage (see notes/COMMON.md). */
export const SKIMAGE_DATA = '/usr/lib/python3/dist-packages/skimage/data'
