import type { ModelInfo } from '../../../shared/domain'

/** CLIP image/text encoders (the tokenizer alone does not make search semantic). */
export function isClipModel(model: Pick<ModelInfo, 'task'>): boolean {
  return model.task === 'clip-image' || model.task === 'clip-text'
}
