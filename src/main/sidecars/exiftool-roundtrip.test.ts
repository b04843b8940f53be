// What we write is what exiftool reads: our sidecars of the test cases are written again here and
// read back by our reader, and compared with what exiftool 12.57 read from the same sidecars
// (committed in test-data/xmp/exiftool by make-exiftool-answers.ts; no exiftool needed here).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sidecarFacts } from './sidecars.service'
import { SIDECAR_CASES, XMP_TEST_DATA } from './test-cases'
import { mergeXmp, readXmp } from './xmp'

interface ExiftoolRegion {
  Area: { X: number; Y: number; W: number; H: number; Unit: string }
  Name?: string
  Type?: string
}

interface ExiftoolAnswer {
  'XMP-dc:Subject'?: string[] | string
  'XMP-dc:Description'?: string
  'XMP-xmp:Rating'?: number
  'XMP-xmp:Label'?: string
  'XMP-exif:DateTimeOriginal'?: string
  'XMP-exif:GPSLatitude'?: number
  'XMP-exif:GPSLongitude'?: number
  'XMP-iptcExt:PersonInImage'?: string[] | string
  'XMP-mwg-rs:RegionInfo'?: { AppliedToDimensions?: { W: number; H: number; Unit: string }; RegionList: ExiftoolRegion[] }
  [tag: string]: unknown
}

const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
/** exiftool shows XMP dates with colons and a space (2013:05:10 15:21:35+02:00). */
const exifDate = (iso: string) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$1:$2:$3 ')

describe.each(SIDECAR_CASES)('the sidecar $file', (c) => {
  const answer = JSON.parse(readFileSync(join(XMP_TEST_DATA, 'exiftool', `${c.file}.json`), 'utf8')) as ExiftoolAnswer
  const existing = c.existing === null ? null : readFileSync(join(XMP_TEST_DATA, c.existing), 'utf8')
  const written = mergeXmp(existing, sidecarFacts(c.asset, c.parts))
  const ours = readXmp(written)

  it('is the sidecar exiftool read (else run make-exiftool-answers.ts where exiftool is installed)', () => {
    expect(written).toBe(readFileSync(join(XMP_TEST_DATA, 'ours', c.file), 'utf8'))
  })

  it('says to exiftool what our reader reads: keywords, rating, label, description, date, place, people', () => {
    // Our reader adds the leaves of a keyword hierarchy another program keeps there; exiftool lists dc:subject alone.
    const hierarchyLeaves = existing ? readXmp(existing).subjects.filter((s) => !list(answer['XMP-dc:Subject']).includes(s)) : []
    expect(list(answer['XMP-dc:Subject'])).toEqual(ours.subjects.filter((s) => !hierarchyLeaves.includes(s)))
    expect(answer['XMP-xmp:Rating'] ?? null).toBe(ours.rating)
    expect(answer['XMP-xmp:Label'] ?? null).toBe(ours.label)
    expect(answer['XMP-dc:Description'] ?? null).toBe(ours.description)
    const date = answer['XMP-exif:DateTimeOriginal'] ?? (answer['XMP-photoshop:DateCreated'] as string | undefined) ?? null
    expect(date).toBe(ours.dateTimeOriginal && exifDate(ours.dateTimeOriginal))
    if (ours.gps) {
      expect(answer['XMP-exif:GPSLatitude']).toBeCloseTo(ours.gps.lat, 6)
      expect(answer['XMP-exif:GPSLongitude']).toBeCloseTo(ours.gps.lon, 6)
    } else expect([answer['XMP-exif:GPSLatitude'], answer['XMP-exif:GPSLongitude']]).toEqual([undefined, undefined])
    expect(list(answer['XMP-iptcExt:PersonInImage'])).toEqual(ours.personInImage)
  })

  it('gives exiftool the face regions our reader reads, on the stored image', () => {
    const info = answer['XMP-mwg-rs:RegionInfo']
    const regions = (info?.RegionList ?? []).map((r) => ({ name: r.Name ?? null, type: r.Type ?? null, cx: r.Area.X, cy: r.Area.Y, w: r.Area.W, h: r.Area.H }))
    expect(ours.regions.map((r) => ({ ...r, cx: Number(r.cx.toFixed(6)), cy: Number(r.cy.toFixed(6)), w: Number(r.w.toFixed(6)), h: Number(r.h.toFixed(6)) }))).toEqual(regions)
    expect(info?.AppliedToDimensions ? { w: info.AppliedToDimensions.W, h: info.AppliedToDimensions.H } : null).toEqual(regions.length > 0 ? ours.appliedTo : null)
    for (const r of info?.RegionList ?? []) expect(r.Area.Unit).toBe('normalized')
  })

  it('keeps what another program wrote there: exiftool reads each of its other tags as before the merge', () => {
    if (!existing) return
    const before = JSON.parse(readFileSync(join(XMP_TEST_DATA, 'exiftool', `before-${c.file}.json`), 'utf8')) as ExiftoolAnswer
    const ownTags = new Set(['XMP-dc:Subject', 'XMP-dc:Description', 'XMP-xmp:Rating', 'XMP-xmp:Label', 'XMP-mwg-rs:RegionInfo', 'XMP-iptcExt:PersonInImage', 'XMP-exif:GPSLatitude', 'XMP-exif:GPSLongitude'])
    const foreign = Object.keys(before).filter((k) => k.startsWith('XMP-') && !ownTags.has(k))
    expect(foreign.length).toBeGreaterThan(3)
    for (const tag of foreign) expect(answer[tag], tag).toEqual(before[tag])
  })
})

describe('the rotated photo', () => {
  it("has its face region on the stored image, whose sides are the shown photo's swapped", () => {
    const answer = JSON.parse(readFileSync(join(XMP_TEST_DATA, 'exiftool', 'astronaut-rot6.jpg.xmp.json'), 'utf8')) as ExiftoolAnswer
    const info = answer['XMP-mwg-rs:RegionInfo']!
    // Shown 512x400 (orientation 6): stored 400 wide and 512 high.
    expect(info.AppliedToDimensions).toEqual({ W: 400, H: 512, Unit: 'pixel' })
    // The face is left of centre and in the upper part as shown, so below the middle and left in the stored pixels
    // (the stored image is the shown one turned a quarter back): the crop at these stored pixels is the face.
    const [face] = info.RegionList
    expect(face).toMatchObject({ Name: 'Eileen Collins', Type: 'Face' })
    expect(face!.Area.X).toBeCloseTo(0.3025, 4)
    expect(face!.Area.Y).toBeCloseTo(0.563477, 4)
    expect(face!.Area.W).toBeCloseTo(0.275, 4)
    expect(face!.Area.H).toBeCloseTo(0.177734, 4)
  })
})
