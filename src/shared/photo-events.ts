// Events (issue 13): the library cut into events by time and place. Types and input schemas shared
// by main and renderer (the contract's `photoEvents.*`; the UI and CLI call them "Events").
// Pure TypeScript + zod.
import { z } from 'zod'
import { AssetId, type AssetSummary, type BatchResult, type FaceCropRef, type PersonId } from './domain'

export const PhotoEventId = z.number().int().positive()
export type PhotoEventId = z.infer<typeof PhotoEventId>

export interface PhotoEventPerson {
  id: PersonId
  name: string | null
  /** Photos of the event the person is in. */
  photoCount: number
  /** The person's face in this event to show (its largest). */
  face: FaceCropRef
}

export interface PhotoEventSummary {
  id: PhotoEventId
  /** The user's name when given, else `autoTitle`. */
  title: string
  /** Made from the place and dates: "Paris, 10 June 2023", "Tokyo, 20–21 Aug 2023", "3 May 2024". */
  autoTitle: string
  named: boolean
  /** Wall-clock capture time of the first and last photo, 'yyyy-mm-ddThh:mm:ss'. */
  start: string
  end: string
  year: number
  /** "Berlin & Munich"; null when no photo has a place. */
  place: string | null
  count: number
  /** Photos without a capture time of their own, placed by their file's time. */
  fileTimeCount: number
  /** The photo with the most faces (the largest face breaking ties), else the largest photo. */
  cover: AssetSummary | null
  /** The people in it, most photos first (at most PEOPLE_SHOWN). */
  people: PhotoEventPerson[]
}

/** People on an event's card and page. */
export const PEOPLE_SHOWN = 8

/** What a merge or split made; `event` is where the user's view should go (the merged event, or the new part). */
export interface PhotoEventChange extends BatchResult {
  event: PhotoEventSummary | null
}

export const PhotoEventName = z.string().trim().max(200)

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An event's dates from wall-clock epochs (see assets.sort_ms, read as UTC): one day in full
 * ("10 June 2023"), a range short ("20–21 Aug 2023", "30 Aug – 2 Sep 2023", "30 Dec 2023 – 2 Jan 2024").
 */
export function eventDates(startMs: number, endMs: number): string {
  const a = new Date(startMs)
  const b = new Date(endMs)
  const [ad, am, ay] = [a.getUTCDate(), a.getUTCMonth(), a.getUTCFullYear()]
  const [bd, bm, by] = [b.getUTCDate(), b.getUTCMonth(), b.getUTCFullYear()]
  if (ay === by && am === bm && ad === bd) return `${ad} ${MONTHS[am]} ${ay}`
  if (ay === by && am === bm) return `${ad}–${bd} ${SHORT[am]} ${ay}`
  if (ay === by) return `${ad} ${SHORT[am]} – ${bd} ${SHORT[bm]} ${ay}`
  return `${ad} ${SHORT[am]} ${ay} – ${bd} ${SHORT[bm]} ${by}`
}

/** The dates of an event summary ('yyyy-mm-ddThh:mm:ss' wall-clock times). */
export function summaryDates(event: { start: string; end: string }): string {
  return eventDates(Date.parse(`${event.start}Z`), Date.parse(`${event.end}Z`))
}

/** The contract's input schemas for events (see contract.ts, section Events). */
export const PhotoEventInputs = {
  /** Every event, or those starting in one year; newest first. */
  list: z.object({ year: z.number().int().min(1).max(9999).optional() }).strict(),
  /** The years with events, newest first, with how many each. */
  years: z.object({}).strict(),
  get: z.object({ eventId: PhotoEventId }).strict(),
  /** A window of an event's photos, in capture order. */
  photos: z.object({ eventId: PhotoEventId, offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
  /** The event a photo is in. */
  ofAsset: z.object({ assetId: AssetId }).strict(),
  /** An empty name goes back to the title made from the place and dates. */
  rename: z.object({ eventId: PhotoEventId, name: PhotoEventName }).strict(),
  /** Merges the event with the one before or after it. */
  merge: z.object({ eventId: PhotoEventId, with: z.enum(['previous', 'next']) }).strict(),
  /** The event's photos from this one on become a new event. */
  split: z.object({ eventId: PhotoEventId, assetId: AssetId }).strict(),
}
