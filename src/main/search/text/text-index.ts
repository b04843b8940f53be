import type { SearchRepository } from '../../catalog'
import { buildTextDocument } from './document'

/** Keeps an asset's full-text row in step with what the catalog knows of it. */
export function createTextIndex(search: SearchRepository, extra: { places?(assetId: number): string[]; ocr?(assetId: number): string[]; people?(assetId: number): string[] } = {}) {
  return {
    refresh(assetId: number): void {
      const src = search.textSourceOf(assetId)
      if (!src) return search.removeText(assetId)
      search.upsertText(
        assetId,
        buildTextDocument({
          ...src,
          places: extra.places?.(assetId) ?? [],
          ocr: extra.ocr?.(assetId) ?? [],
          people: extra.people?.(assetId) ?? [],
        }),
      )
    },
  }
}

export type TextIndex = ReturnType<typeof createTextIndex>
