import { describe, expect, it } from 'vitest'
import { comparePoints, findHome, segment, type SegmentPoint } from './segment'

const MIN = 60_000
const HOUR = 60 * MIN
const at = (iso: string) => Date.parse(`${iso}Z`)
const BERLIN = { lat: 52.52, lon: 13.405 }
const MUNICH = { lat: 48.137, lon: 11.575 }
const HAMBURG = { lat: 53.55, lon: 9.993 }
const TOKYO = { lat: 35.68, lon: 139.76 }

/** A run of photos from `start`, every `everyMs`, at an optional place (jittered a little, as GPS is). */
function run(startIso: string, count: number, everyMs: number, place?: { lat: number; lon: number }): Omit<SegmentPoint, 'id'>[] {
  return Array.from({ length: count }, (_, i) => ({
    t: at(startIso) + i * everyMs,
    lat: place ? place.lat + ((i % 5) - 2) * 0.002 : null,
    lon: place ? place.lon + ((i % 3) - 1) * 0.002 : null,
  }))
}

function numbered(...runs: Omit<SegmentPoint, 'id'>[][]): SegmentPoint[] {
  return runs
    .flat()
    .map((p, i) => ({ ...p, id: i + 1 }))
    .sort(comparePoints)
}

/** Each event as its [first id, last id]. */
function events(points: SegmentPoint[], edits?: Parameters<typeof segment>[1]): [number, number][] {
  const starts = segment(points, edits)
  return starts.map((s, i) => [points[s]!.id, points[(starts[i + 1] ?? points.length) - 1]!.id])
}

describe('event segmentation', () => {
  it('splits at a night between an evening and the next morning (no GPS)', () => {
    const points = numbered(run('2023-06-10T19:00:00', 30, 10 * MIN), run('2023-06-11T09:00:00', 12, 5 * MIN))
    expect(events(points)).toEqual([
      [1, 30],
      [31, 42],
    ])
  })

  it('judges a pause against the gaps around it, not one threshold', () => {
    // Shots every 30 s, then a 90-minute pause: the pause stands out, two events.
    const busy = numbered(run('2023-06-10T10:00:00', 20, 30_000), run('2023-06-10T11:39:30', 20, 30_000))
    expect(segment(busy)).toEqual([0, 20])
    // A photo every 40 minutes through the day: the same 90-minute pause is just a pause.
    const sparse = numbered(run('2023-06-10T08:00:00', 10, 40 * MIN), run('2023-06-10T15:30:00', 6, 40 * MIN))
    expect(segment(sparse)).toEqual([0])
  })

  it('keeps bursts with short pauses between them one event', () => {
    const bursts = Array.from({ length: 9 }, (_, b) => run(new Date(at('2024-03-01T10:00:00') + b * 20 * MIN).toISOString().slice(0, 19), 10, 1000))
    expect(segment(numbered(...bursts))).toEqual([0])
  })

  it('splits two places on one day, even with no pause between them, at the widest gap among photos without GPS', () => {
    const points = numbered(
      run('2024-05-03T09:00:00', 18, 10 * MIN, BERLIN),
      // On the train: no GPS, taken 20 and 55 minutes after the last Berlin photo.
      [{ t: at('2024-05-03T12:10:00'), lat: null, lon: null }],
      [{ t: at('2024-05-03T12:45:00'), lat: null, lon: null }],
      run('2024-05-03T13:05:00', 12, 10 * MIN, MUNICH),
    )
    expect(events(points)).toEqual([
      [1, 19],
      [20, 32],
    ])
  })

  it('keeps a trip away from home one event across its nights; days at home are their own events', () => {
    // Home is where most located photos are: more at home than on the trip.
    const home = Array.from({ length: 8 }, (_, d) => run(`2024-04-0${d + 1}T18:00:00`, 10, 5 * MIN, HAMBURG))
    const trip = Array.from({ length: 5 }, (_, d) => run(`2024-04-2${d}T09:00:00`, 13, HOUR, TOKYO))
    const points = numbered(...home, ...trip)
    expect(findHome(points)).not.toBeNull()
    const found = events(points)
    expect(found).toHaveLength(9)
    expect(found.at(-1)).toEqual([81, 80 + 65])
  })

  it('without any GPS a trip is one event per day (nothing tells it from home)', () => {
    const trip = Array.from({ length: 3 }, (_, d) => run(`2024-04-2${d}T09:00:00`, 13, HOUR))
    expect(segment(numbered(...trip))).toEqual([0, 13, 26])
  })

  it("applies the user's merges and splits after the rules", () => {
    const points = numbered(run('2023-06-10T19:00:00', 10, 10 * MIN), run('2023-06-11T09:00:00', 10, 5 * MIN), run('2023-06-13T09:00:00', 10, 5 * MIN))
    expect(segment(points)).toEqual([0, 10, 20])
    const joins = [{ fromMs: at('2023-06-10T19:00:00'), toMs: at('2023-06-11T09:45:00') }]
    expect(segment(points, { joins, splits: [] })).toEqual([0, 20])
    // A split inside the merged range cuts it again; a split at the first photo changes nothing.
    expect(segment(points, { joins, splits: [{ t: points[4]!.t, id: points[4]!.id }, { t: points[0]!.t, id: points[0]!.id }] })).toEqual([0, 4, 20])
  })

  it('handles no photos and one photo', () => {
    expect(segment([])).toEqual([])
    expect(segment(numbered(run('2023-01-01T00:00:00', 1, 0)))).toEqual([0])
  })
})
