// Themes (issue 13): recurring subjects across events (beach, snow, food, pets, concerts), found from
// the classifier's tags and the photos' vectors (src/main/themes). Types and input schemas shared by
// main and renderer (the contract's `themes.*`). Pure TypeScript + zod.
import { z } from 'zod'
import type { AssetSummary } from './domain'

export const ThemeId = z.number().int().positive()
export type ThemeId = z.infer<typeof ThemeId>

export interface ThemeSummary {
  id: ThemeId
  /** Its strongest tag: "seashore", "dog". */
  name: string
  /** The strongest few tags, strongest first (the name among them); a tag rule of a smart album uses them. */
  tags: string[]
  /** The classifier's labels (ImageNet classes) it is made of: a photo with one of them is in it. */
  labels: string[]
  /** Photos in it. */
  count: number
  /** Events it spans (two or more: one event alone is not a theme). */
  events: number
  /** The photo its label was surest of. */
  cover: AssetSummary | null
}

/** The contract's input schemas for themes (see contract.ts, section Themes). */
export const ThemeInputs = {
  /** Every theme, the most events first. */
  list: z.object({}).strict(),
  /** A window of a theme's photos, newest first. */
  photos: z.object({ themeId: ThemeId, offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
}
