// Which copy of a duplicate group to keep: the user's ordered rules, each narrowing the candidates to
// those it scores best, until one is left. The rule that left one is shown as the reason.
import { sep } from 'node:path'
import type { KeeperRule } from '../../shared/duplicates'
import type { DuplicateFacts } from '../catalog'

const FORMATS: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/heic': 'HEIC',
  'image/heif': 'HEIC',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
  'image/avif': 'AVIF',
  // Camera RAW (src/main/raw): the camera's own file, named as photographers know it.
  'image/x-adobe-dng': 'DNG',
  'image/x-canon-cr2': 'CR2',
  'image/x-canon-cr3': 'CR3',
  'image/x-nikon-nef': 'NEF',
  'image/x-nikon-nrw': 'NRW',
  'image/x-sony-arw': 'ARW',
  'image/x-fujifilm-raf': 'RAF',
  'image/x-olympus-orf': 'ORF',
  'image/x-panasonic-rw2': 'RW2',
  'image/x-pentax-pef': 'PEF',
}

export function formatOf(mime: string | null): string | null {
  if (!mime) return null
  return FORMATS[mime] ?? (mime.split('/')[1]?.toUpperCase() || null)
}

/** Formats cameras write; a PNG or WebP in a duplicate group is almost always a conversion. */
const CAMERA_FORMATS = new Set(['JPEG', 'HEIC', 'TIFF', 'DNG', 'CR2', 'CR3', 'NEF', 'NRW', 'ARW', 'RAF', 'ORF', 'RW2', 'PEF'])

// Dates before digital photography or in the future are a camera's unset clock, not the shot's date.
const EARLIEST_PLAUSIBLE = Date.UTC(1990, 0, 1)

function plausibleMs(ms: number | null, now: number): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= EARLIEST_PLAUSIBLE && ms <= now + 24 * 3600_000 ? ms : null
}

function score(rule: KeeperRule, f: DuplicateFacts, options: { preferredFolder: string | null; now: number }): number {
  switch (rule) {
    case 'pixels':
      return (f.width ?? 0) * (f.height ?? 0)
    case 'original-format': {
      const format = formatOf(f.mime)
      if (!format || !CAMERA_FORMATS.has(format)) return 0
      // Straight from a camera: it says which camera.
      return f.make || f.model ? 2 : 1
    }
    case 'metadata':
      return f.exifFields
    case 'oldest': {
      const taken = plausibleMs(f.takenAt ? Date.parse(f.takenAt) : null, options.now)
      const date = taken ?? plausibleMs(f.oldestMtimeMs, options.now)
      return date === null ? -Infinity : -date
    }
    case 'folder': {
      const folder = options.preferredFolder
      if (!folder) return 0
      const prefix = folder.endsWith(sep) ? folder : folder + sep
      return f.paths.some((p) => p.startsWith(prefix)) ? 1 : 0
    }
  }
}

export interface KeeperChoice {
  keepId: number
  keptBy: KeeperRule | 'first-imported'
}

/** The suggested keeper of a group (at least one photo). Ties after every rule: the first imported. */
export function chooseKeeper(
  group: readonly DuplicateFacts[],
  rules: readonly KeeperRule[],
  options: { preferredFolder: string | null; now?: number },
): KeeperChoice {
  if (group.length === 0) throw new Error('an empty group has no keeper')
  const context = { preferredFolder: options.preferredFolder, now: options.now ?? Date.now() }
  let candidates = [...group]
  for (const rule of rules) {
    const scores = candidates.map((f) => score(rule, f, context))
    const best = Math.max(...scores)
    const narrowed = candidates.filter((_, i) => scores[i] === best)
    if (narrowed.length === 1) return { keepId: narrowed[0]!.id, keptBy: rule }
    candidates = narrowed
  }
  return { keepId: Math.min(...candidates.map((f) => f.id)), keptBy: 'first-imported' }
}
