// Edits (issue 12): the user's date, place and description of photos, kept in the catalog beside what
// the file says (the file is never written). Pure TypeScript + zod.
import { z } from 'zod'
import { AssetId } from './domain'

const EditIds = z.array(AssetId).min(1).max(100_000)
/** A wall-clock date and time as the user gives it ("2019-07-14T19:05", seconds and an offset optional). */
export const EditDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, 'expected yyyy-mm-ddThh:mm[:ss][±hh:mm]')
  // 2019-02-30 matches the pattern but is no day: it must read back as written.
  .refine((s) => {
    const ms = Date.parse(`${s.slice(0, 16)}:00Z`)
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 16) === s.slice(0, 16)
  }, 'not a real date')

/** Largest shift: a camera a century off is a wrong date to set, not to shift. */
const MAX_SHIFT_MINUTES = 100 * 366 * 24 * 60

export const EditInputs = {
  setDate: z.discriminatedUnion('mode', [
    /** Every photo gets this date and time. */
    z.object({ ids: EditIds, mode: z.literal('set'), takenAt: EditDateTime }).strict(),
    /** Each photo moves by the same offset from its own time (a camera whose clock was wrong). */
    z
      .object({
        ids: EditIds,
        mode: z.literal('shift'),
        minutes: z.number().int().min(-MAX_SHIFT_MINUTES).max(MAX_SHIFT_MINUTES).optional(),
        hours: z.number().int().min(-MAX_SHIFT_MINUTES / 60).max(MAX_SHIFT_MINUTES / 60).optional(),
        days: z.number().int().min(-MAX_SHIFT_MINUTES / 1440).max(MAX_SHIFT_MINUTES / 1440).optional(),
      })
      .strict(),
    /** Back to what the file says. */
    z.object({ ids: EditIds, mode: z.literal('original') }).strict(),
  ]),
  setPlace: z.discriminatedUnion('mode', [
    z
      .object({
        ids: EditIds,
        mode: z.literal('set'),
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        label: z.string().trim().max(200).optional(),
      })
      .strict(),
    /** No place at all (the photo leaves place searches and the map). */
    z.object({ ids: EditIds, mode: z.literal('clear') }).strict(),
    /** Back to what the file says. */
    z.object({ ids: EditIds, mode: z.literal('original') }).strict(),
  ]),
  /** An empty description clears it. */
  setDescription: z.object({ ids: EditIds, description: z.string().max(5000) }).strict(),
}

/** A photo's edits, shown in its details beside what the file says. */
export interface AssetEdits {
  description: string | null
  /** The user's name for the place. */
  placeLabel: string | null
  /** Set when the date was edited: the date the file gives (null: it gives none). */
  originalDate: { takenAt: string | null } | null
  /** Set when the place was edited: the position the file gives (nulls: it gives none). */
  originalPlace: { lat: number | null; lon: number | null } | null
}
