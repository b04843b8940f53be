// The map (issue 13): photos with a position on an offline map. Types and input schemas shared by
// main and renderer (the contract's `map.*`). Pure TypeScript + zod.
import { z } from 'zod'
import type { AssetSummary } from './domain'

/**
 * One photo on the map: [assetId, lat, lon]. Arrays, not objects, so every point of a 100k library
 * goes in one small answer (about 25 bytes a point) the map clusters itself.
 */
export type MapPoint = [id: number, lat: number, lon: number]

/** A region of the map in degrees. west > east is a region across the antimeridian (170° to -170°). */
export const MapBounds = z
  .object({
    west: z.number().min(-180).max(180),
    south: z.number().min(-90).max(90),
    east: z.number().min(-180).max(180),
    north: z.number().min(-90).max(90),
  })
  .strict()
  .refine((b) => b.south <= b.north, 'south must not be above north')
export type MapBounds = z.infer<typeof MapBounds>

export interface MapPhotosPage {
  /** Photos in the region in all. */
  total: number
  /** This window of them, newest first. */
  photos: AssetSummary[]
}

export const MapInputs = {
  /** Every shown photo with a position (hidden and trashed ones left out). */
  points: z.object({}).strict(),
  /** A window of the photos in a region, newest first. */
  photosInBounds: z
    .object({ bounds: MapBounds, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) })
    .strict(),
}

/**
 * A map's visible region as the catalog reads it: longitudes wrapped into -180..180 (a map panned
 * round the world reports -190 or 200), the whole world when it spans 360° or more.
 */
export function normalizeBounds(b: { west: number; south: number; east: number; north: number }): MapBounds {
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v))
  const wrap = (v: number) => ((((v + 180) % 360) + 360) % 360) - 180
  const south = clampLat(b.south)
  const north = clampLat(b.north)
  if (b.east - b.west >= 360) return { west: -180, south, east: 180, north }
  const west = wrap(b.west)
  // 180 wraps to -180: keep the east edge at 180 so a region ending there stays whole.
  const east = b.east === 180 || wrap(b.east) === -180 ? 180 : wrap(b.east)
  return { west, south, east, north }
}
