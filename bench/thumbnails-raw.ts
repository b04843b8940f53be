// Baseline for the import benchmark: the bare sharp work of making PhotoHouse's two thumbnails, written
// the way a straightforward sharp user would (one input, two cloned pipelines, each decode → auto-rotate
// → resize → WebP → file). Same sizes, format and encoder settings as src/main/ingest/thumbnails.ts
// (imported, not copied, so the two cannot drift apart). What it deliberately leaves out is exactly what
// PhotoHouse adds on top: magic-byte sniffing, broken-file diagnosis, the perceptual hash, atomic
// tmp+rename writes and the cached-facts XMP. It handles only formats sharp decodes itself (not HEIC).
import { mkdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import sharp from 'sharp'
import { GRID_RESIZE, PREVIEW_RESIZE, THUMB_WEBP_OPTIONS } from '../src/main/ingest'

export interface RawThumbnails {
  gridPath: string
  previewPath: string
}

export async function rawSharpThumbnails(path: string, outDir: string): Promise<RawThumbnails> {
  await mkdir(outDir, { recursive: true })
  const stem = basename(path, extname(path))
  const gridPath = join(outDir, `${stem}-grid.webp`)
  const previewPath = join(outDir, `${stem}-preview.webp`)
  const input = sharp(path).autoOrient()
  await Promise.all([
    input.clone().resize(GRID_RESIZE).webp(THUMB_WEBP_OPTIONS.grid).toFile(gridPath),
    input.clone().resize(PREVIEW_RESIZE).webp(THUMB_WEBP_OPTIONS.preview).toFile(previewPath),
  ])
  return { gridPath, previewPath }
}
