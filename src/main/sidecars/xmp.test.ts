// The XMP reader and the merging writer, on sidecars digiKam- and Lightroom-style (written by
// exiftool, see test-data/SOURCES.md) and on our own.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XMP_TEST_DATA } from './test-cases'
import { formatGpsCoordinate, mergeXmp, parseGpsCoordinate, readXmp, XmpParseError, type OwnFacts } from './xmp'

const digikam = readFileSync(join(XMP_TEST_DATA, 'digikam/astronaut-rot6.jpg.xmp'), 'utf8')
const lightroom = readFileSync(join(XMP_TEST_DATA, 'lightroom/lr.xmp'), 'utf8')

const facts = (over: Partial<OwnFacts> = {}): OwnFacts => ({
  subjects: ['beach', 'Anna Berg'],
  rating: 4,
  favorite: false,
  description: 'At the pier',
  dateTimeOriginal: null,
  gps: null,
  regions: [{ name: 'Anna Berg', cx: 0.5, cy: 0.4, w: 0.1, h: 0.2 }],
  appliedTo: { w: 640, h: 480 },
  personInImage: ['Anna Berg'],
  ...over,
})

describe('readXmp', () => {
  it("reads digiKam's sidecar: keywords with its tag tree, rating, caption and MWG face regions of the stored image", () => {
    const x = readXmp(digikam)
    // The tag tree's leaves that dc:subject lacks are keywords too ('Space' is 'space' already).
    expect(x.subjects).toEqual(['space', 'NASA', 'Eileen Collins', 'Pat Lee'])
    expect(x.rating).toBe(4)
    expect(x.description).toBe('Official portrait, STS-63')
    expect(x.appliedTo).toEqual({ w: 400, h: 512 })
    expect(x.regions).toEqual([
      { name: 'Eileen Collins', type: 'Face', cx: 0.295, cy: 0.565, w: 0.33, h: 0.21 },
      { name: 'Pat Lee', type: 'Face', cx: 0.775, cy: 0.15, w: 0.15, h: 0.1 },
      { name: 'Helmet', type: 'Focus', cx: 0.5, cy: 0.5, w: 0.2, h: 0.2 },
    ])
  })

  it("reads Lightroom's sidecar: keywords (hierarchy leaves already among them), rating, colour label, caption, date", () => {
    const x = readXmp(lightroom)
    expect(x.subjects).toEqual(['beach', 'starfish', 'Denmark'])
    expect(x.rating).toBe(3)
    expect(x.label).toBe('Red')
    expect(x.description).toBe('Starfish at low tide, Rømø')
    expect(x.dateTimeOriginal).toBe('2013-05-10T15:21:35+02:00')
    expect(x.regions).toEqual([])
  })

  it('reads properties written as attributes and nested descriptions too', () => {
    const xml = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="2" xmp:Label="Favourite"
        xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#">
        <mwg-rs:Regions><rdf:Description><mwg-rs:AppliedToDimensions stDim:w="100" stDim:h="50" stDim:unit="pixel"/>
          <mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="Bo" mwg-rs:Type="Face">
            <mwg-rs:Area stArea:x="50" stArea:y="25" stArea:w="10" stArea:h="5" stArea:unit="pixel"/></rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList>
        </rdf:Description></mwg-rs:Regions>
      </rdf:Description></rdf:RDF></x:xmpmeta>`
    const x = readXmp(xml)
    expect(x.rating).toBe(2)
    expect(x.label).toBe('Favourite')
    expect(x.regions).toEqual([{ name: 'Bo', type: 'Face', cx: 0.5, cy: 0.5, w: 0.1, h: 0.1 }])
  })

  it('refuses what is not well-formed', () => {
    expect(() => readXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF')).toThrow(XmpParseError)
  })
})

describe('GPS coordinates', () => {
  it('are written as XMP writes them and read back to the same degrees', () => {
    expect(formatGpsCoordinate(55.0388, 'lat')).toBe('55,2.328000N')
    expect(formatGpsCoordinate(-8.4572, 'lon')).toBe('8,27.432000W')
    expect(parseGpsCoordinate('55,2.328000N')).toBeCloseTo(55.0388, 9)
    expect(parseGpsCoordinate('8,27,25.92W')).toBeCloseTo(-8.4572, 9)
    expect(parseGpsCoordinate('north')).toBeNull()
  })
})

describe('mergeXmp', () => {
  it('writes a new packet that reads back to what was written', () => {
    const out = mergeXmp(null, facts({ favorite: true, dateTimeOriginal: '2013-05-10T15:21:35+02:00', gps: { lat: 55.0388, lon: -8.4572 } }))
    expect(readXmp(out)).toEqual({
      subjects: ['beach', 'Anna Berg'],
      rating: 4,
      label: 'Favorite',
      description: 'At the pier',
      dateTimeOriginal: '2013-05-10T15:21:35+02:00',
      gps: { lat: expect.closeTo(55.0388, 9) as number, lon: expect.closeTo(-8.4572, 9) as number },
      regions: [{ name: 'Anna Berg', type: 'Face', cx: 0.5, cy: 0.4, w: 0.1, h: 0.2 }],
      appliedTo: { w: 640, h: 480 },
      personInImage: ['Anna Berg'],
    })
  })

  it("keeps every other program's property and namespace, and replaces only ours", () => {
    const out = mergeXmp(lightroom, facts({ subjects: ['beach', 'low tide'], rating: 1, regions: [], personInImage: [], description: null }))
    for (const kept of ['crs:Exposure2012>+0.35<', 'crs:ProcessVersion>11.0<', 'xmpMM:DocumentID>xmp.did:5f0c2a3e', '<rdf:li>Places|Europe|Denmark</rdf:li>', 'photoshop:DateCreated>2013-05-10T15:21:35+02:00<', 'xmp:CreatorTool>Adobe Photoshop Lightroom']) {
      expect(out).toContain(kept)
    }
    const x = readXmp(out)
    // Their hierarchy keeps its leaves, which read back as keywords beside ours.
    expect(x.subjects).toEqual(['beach', 'low tide', 'Denmark', 'starfish'])
    expect(x.rating).toBe(1)
    // Their colour label stays: the photo is not a favourite.
    expect(x.label).toBe('Red')
    // Our description was cleared: theirs is gone too (the catalog read it on import, and the user cleared it).
    expect(x.description).toBeNull()
    expect(out.match(/<dc:subject>/g)).toHaveLength(1)
  })

  it('marks a favourite with a label, and takes that label away (only it) when it is no longer one', () => {
    const fav = mergeXmp(lightroom, facts({ favorite: true }))
    expect(readXmp(fav).label).toBe('Favorite')
    const unfav = mergeXmp(fav, facts({ favorite: false }))
    expect(readXmp(unfav).label).toBeNull()
  })

  it("keeps digiKam's Microsoft regions and its non-face regions while replacing the faces", () => {
    const out = mergeXmp(digikam, facts({ regions: [{ name: 'Eileen Collins', cx: 0.3, cy: 0.56, w: 0.27, h: 0.18 }], appliedTo: { w: 400, h: 512 } }))
    expect(out).toContain('<MPReg:PersonDisplayName>Eileen Collins</MPReg:PersonDisplayName>')
    expect(out).toContain('<rdf:li>People/Pat Lee</rdf:li>')
    expect(readXmp(out).regions).toEqual([
      { name: 'Eileen Collins', type: 'Face', cx: 0.3, cy: 0.56, w: 0.27, h: 0.18 },
      { name: 'Helmet', type: 'Focus', cx: 0.5, cy: 0.5, w: 0.2, h: 0.2 },
    ])
  })

  it('gives the same text when merged again with the same facts (so an unchanged sidecar is not rewritten)', () => {
    for (const existing of [null, lightroom, digikam]) {
      const once = mergeXmp(existing, facts())
      expect(mergeXmp(once, facts())).toBe(once)
    }
    expect(mergeXmp(mergeXmp(lightroom, facts()), facts({ rating: 5 }))).not.toBe(mergeXmp(lightroom, facts()))
  })

  it('leaves a date and place it does not own (not edited) as the camera wrote them', () => {
    const out = mergeXmp(lightroom, facts({ dateTimeOriginal: null }))
    expect(readXmp(out).dateTimeOriginal).toBe('2013-05-10T15:21:35+02:00')
    const edited = mergeXmp(lightroom, facts({ dateTimeOriginal: '2014-01-01T10:00:00' }))
    expect(readXmp(edited).dateTimeOriginal).toBe('2014-01-01T10:00:00')
    expect(edited.match(/photoshop:DateCreated/g)).toHaveLength(2)
  })

  it('refuses to merge into a file that is not XMP', () => {
    expect(() => mergeXmp('<html><body>not xmp</body></html>', facts())).toThrow(/no rdf:RDF/)
  })
})
