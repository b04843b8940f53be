import { createHash } from 'node:crypto'

/**
 * What a face crop shows depends on the photo's content and the box, and on how crops are drawn.
 * Bump this when the drawing changes (size, margin, format) so no crop of the old look is served.
 */
const CROP_VERSION = 1

/**
 * Names a face crop by what it shows: the photo's sha256 and the box. SQLite reuses the ids of
 * deleted rows, so a face id alone could name a deleted face's crop; this key changes whenever the
 * crop would, so a crop cached (on disk, or by the renderer for a year) under it is always right.
 */
export function faceCropKey(assetSha256: string, box: readonly [number, number, number, number]): string {
  return createHash('sha256').update(`${CROP_VERSION}:${assetSha256}:${box.join(',')}`).digest('hex').slice(0, 20)
}
