// Runs in a worker thread: the geocoder's data (135k places, border polygons, time-zone shapes)
// takes seconds and ~80 MB to load, which must never stall the main thread that serves the UI.
import { parentPort } from 'node:worker_threads'
import { localOffsetAt } from './local-offset'
import { createReverseGeocoder, type ReverseGeocoder } from './reverse-geocoder'

export interface PlaceRequest {
  id: number
  lat: number
  lon: number
  /** Wall-clock capture time without offset, to compute the offset in force then. */
  wallClock: string | null
}

export interface PlaceReply {
  id: number
  place: { city: string | null; region: string | null; country: string | null; countryCode: string | null; timezone: string | null } | null
  offset: string | null
  error?: string
}

let geocoder: ReverseGeocoder | undefined

parentPort!.on('message', (req: PlaceRequest) => {
  try {
    geocoder ??= createReverseGeocoder()
    const info = geocoder.lookup(req.lat, req.lon)
    const place = info && { city: info.city, region: info.region, country: info.country, countryCode: info.countryCode, timezone: info.timezone }
    const offset = info?.timezone && req.wallClock ? localOffsetAt(info.timezone, req.wallClock) : null
    parentPort!.postMessage({ id: req.id, place, offset } satisfies PlaceReply)
  } catch (e) {
    parentPort!.postMessage({ id: req.id, place: null, offset: null, error: e instanceof Error ? e.message : String(e) } satisfies PlaceReply)
  }
})
