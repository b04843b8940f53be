// XMP (RDF/XML) read into plain facts, and PhotoHouse's own properties merged into an existing
// packet: other programs' properties, namespaces and comments stay as they were; only the properties
// PhotoHouse owns are replaced. Parsing and serialising use @xmldom/xmldom (a maintained W3C DOM);
// the RDF forms handled are those XMP allows (attributes or elements, parseType="Resource", nested
// rdf:Description, Bag/Seq/Alt).
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom'

export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  exif: 'http://ns.adobe.com/exif/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  'mwg-rs': 'http://www.metadataworkinggroup.com/schemas/regions/',
  stDim: 'http://ns.adobe.com/xap/1.0/sType/Dimensions#',
  stArea: 'http://ns.adobe.com/xmp/sType/Area#',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  digiKam: 'http://www.digikam.org/ns/1.0/',
} as const

/** A face region: centre-based, normalised to the image it applies to (MWG). */
export interface XmpRegion {
  name: string | null
  type: string | null
  cx: number
  cy: number
  w: number
  h: number
}

/** What an XMP packet says that PhotoHouse reads or writes. */
export interface XmpFacts {
  subjects: string[]
  rating: number | null
  label: string | null
  description: string | null
  /** As written (XMP date: `YYYY-MM-DDThh:mm:ss` with an optional zone). */
  dateTimeOriginal: string | null
  gps: { lat: number; lon: number } | null
  regions: XmpRegion[]
  /** The pixel size the regions apply to (the stored, un-rotated image). */
  appliedTo: { w: number; h: number } | null
  personInImage: string[]
}

/** What PhotoHouse writes; null/empty leaves the property out (and removes an older one of ours). */
export interface OwnFacts {
  subjects: string[]
  rating: number
  favorite: boolean
  description: string | null
  /** Written only when the user edited the date or place (otherwise the camera's stay untouched). */
  dateTimeOriginal: string | null
  gps: { lat: number; lon: number } | null
  regions: { name: string; cx: number; cy: number; w: number; h: number }[]
  appliedTo: { w: number; h: number } | null
  personInImage: string[]
}

/**
 * The favourite mark as `xmp:Label`. A label is what Lightroom, Bridge and digiKam show as a photo's
 * label and keep on a round trip, it leaves the star rating alone (a favourite is not "5 stars"), and
 * a label another program set (a colour) is only replaced when the photo is a favourite.
 */
export const FAVORITE_LABEL = 'Favorite'
const FAVORITE_LABELS = new Set(['favorite', 'favourite'])

export function isFavoriteLabel(label: string | null): boolean {
  return label !== null && FAVORITE_LABELS.has(label.trim().toLowerCase())
}

type Value = string | Value[] | Struct
interface Struct {
  [key: string]: Value
}

const key = (ns: string, local: string) => ns + local

const ELEMENT = 1
const TEXT = 3

function elementChildren(node: Node): Element[] {
  const out: Element[] = []
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element)
  return out
}

function isRdf(el: Element, local: string): boolean {
  return el.namespaceURI === NS.rdf && el.localName === local
}

/** Property attributes of an element (not rdf:*, xml:*, xmlns). */
function propertyAttributes(el: Element): { ns: string; local: string; value: string }[] {
  const out: { ns: string; local: string; value: string }[] = []
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!
    const ns = a.namespaceURI
    if (!ns || ns === NS.rdf || ns === NS.xml || ns === NS.xmlns) continue
    out.push({ ns, local: a.localName ?? a.name, value: a.value })
  }
  return out
}

function structOf(el: Element): Struct {
  const out: Struct = {}
  for (const a of propertyAttributes(el)) out[key(a.ns, a.local)] = a.value
  for (const child of elementChildren(el)) {
    if (isRdf(child, 'Description')) Object.assign(out, structOf(child))
    else if (child.namespaceURI) out[key(child.namespaceURI, child.localName ?? child.nodeName)] = valueOf(child)
  }
  return out
}

/** The value of one property element, in whichever RDF form it was written. */
function valueOf(el: Element): Value {
  const resource = el.getAttributeNS(NS.rdf, 'resource')
  if (resource) return resource
  if (el.getAttributeNS(NS.rdf, 'parseType') === 'Resource') return structOf(el)
  const children = elementChildren(el)
  const container = children.find((c) => isRdf(c, 'Bag') || isRdf(c, 'Seq') || isRdf(c, 'Alt'))
  if (container) {
    const items = elementChildren(container).filter((c) => isRdf(c, 'li'))
    if (isRdf(container, 'Alt')) {
      // A language alternative: the default language, else the first.
      const preferred = items.find((li) => li.getAttributeNS(NS.xml, 'lang') === 'x-default') ?? items[0]
      return preferred ? valueOf(preferred) : ''
    }
    return items.map(valueOf)
  }
  const description = children.find((c) => isRdf(c, 'Description'))
  if (description) return structOf(description)
  if (children.length > 0 || propertyAttributes(el).length > 0) return structOf(el)
  return el.textContent ?? ''
}

const asString = (v: Value | undefined): string | null => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null)
const asStrings = (v: Value | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
const asStruct = (v: Value | undefined): Struct | null => (v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : null)
const asNumber = (v: Value | undefined): number | null => {
  const s = asString(v)
  if (s === null || s.trim() === '') return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

export class XmpParseError extends Error {
  override name = 'XmpParseError'
}

function parse(xml: string): Document {
  let fatal: string | null = null
  let doc: Document
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level === 'fatalError' || level === 'error') fatal ??= message
      },
    }).parseFromString(xml, 'text/xml')
  } catch (e) {
    throw new XmpParseError(`Not well-formed XMP: ${(e as Error).message}`)
  }
  if (fatal !== null) throw new XmpParseError(`Not well-formed XMP: ${fatal}`)
  return doc
}

function rdfRoot(doc: Document): Element | null {
  return doc.getElementsByTagNameNS(NS.rdf, 'RDF').item(0)
}

/** Every property of the packet's top-level descriptions, by namespace URI + local name. */
function properties(doc: Document): Struct {
  const rdf = rdfRoot(doc)
  if (!rdf) return {}
  const out: Struct = {}
  for (const d of elementChildren(rdf)) if (isRdf(d, 'Description')) Object.assign(out, structOf(d))
  return out
}

/** `DDD,MM.mmmmR` or `DDD,MM,SSR` (XMP GPSCoordinate) in decimal degrees. */
export function parseGpsCoordinate(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec(text)
  if (!m) return null
  const value = Number(m[1]) + Number(m[2]) / 60 + (m[3] ? Number(m[3]) / 3600 : 0)
  return /[SW]/i.test(m[4]!) ? -value : value
}

/** Decimal degrees as XMP writes GPS (`DDD,MM.mmmmmmR`: 1e-6 minutes is about 2 mm). */
export function formatGpsCoordinate(value: number, axis: 'lat' | 'lon'): string {
  const hemisphere = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E'
  const abs = Math.abs(value)
  let degrees = Math.floor(abs)
  let minutes = Number(((abs - degrees) * 60).toFixed(6))
  if (minutes >= 60) {
    degrees += 1
    minutes -= 60
  }
  return `${degrees},${minutes.toFixed(6)}${hemisphere}`
}

function regionsOf(props: Struct): { regions: XmpRegion[]; appliedTo: XmpFacts['appliedTo'] } {
  const info = asStruct(props[key(NS['mwg-rs'], 'Regions')])
  if (!info) return { regions: [], appliedTo: null }
  const dims = asStruct(info[key(NS['mwg-rs'], 'AppliedToDimensions')])
  const dw = dims ? asNumber(dims[key(NS.stDim, 'w')]) : null
  const dh = dims ? asNumber(dims[key(NS.stDim, 'h')]) : null
  const list = info[key(NS['mwg-rs'], 'RegionList')]
  const regions: XmpRegion[] = []
  for (const item of Array.isArray(list) ? list : []) {
    const region = asStruct(item)
    const area = region && asStruct(region[key(NS['mwg-rs'], 'Area')])
    if (!region || !area) continue
    const [cx, cy, w, h] = ['x', 'y', 'w', 'h'].map((k) => asNumber(area[key(NS.stArea, k)]))
    if (cx === null || cy === null || w === null || h === null || cx === undefined || cy === undefined || w === undefined || h === undefined) continue
    // Normalised is the norm; a pixel area is made normalised with the dimensions it applies to.
    const unit = asString(area[key(NS.stArea, 'unit')])
    const pixel = unit === 'pixel' && dw && dh
    regions.push({
      name: asString(region[key(NS['mwg-rs'], 'Name')])?.trim() || null,
      type: asString(region[key(NS['mwg-rs'], 'Type')]),
      cx: pixel ? cx / dw : cx,
      cy: pixel ? cy / dh : cy,
      w: pixel ? w / dw : w,
      h: pixel ? h / dh : h,
    })
  }
  return { regions, appliedTo: dw && dh ? { w: dw, h: dh } : null }
}

/** The facts of an XMP packet (a sidecar's content, or the packet embedded in a photo). */
export function readXmp(xml: string): XmpFacts {
  return factsOf(parse(xml))
}

function factsOf(doc: Document): XmpFacts {
  const props = properties(doc)
  const lat = asString(props[key(NS.exif, 'GPSLatitude')])
  const lon = asString(props[key(NS.exif, 'GPSLongitude')])
  const latDeg = lat === null ? null : parseGpsCoordinate(lat)
  const lonDeg = lon === null ? null : parseGpsCoordinate(lon)
  // Keywords: dc:subject; Lightroom's and digiKam's hierarchies add only their leaves when
  // dc:subject lacks them (they normally repeat them there).
  const subjects = asStrings(props[key(NS.dc, 'subject')])
  const hierarchical = [...asStrings(props[key(NS.lr, 'hierarchicalSubject')]).map((s) => s.split('|')), ...asStrings(props[key(NS.digiKam, 'TagsList')]).map((s) => s.split('/'))]
  for (const path of hierarchical) {
    const leaf = path[path.length - 1]?.trim()
    if (leaf && !subjects.some((s) => s.toLowerCase() === leaf.toLowerCase())) subjects.push(leaf)
  }
  const rating = asNumber(props[key(NS.xmp, 'Rating')])
  return {
    subjects: [...new Set(subjects.map((s) => s.trim()).filter((s) => s.length > 0))],
    rating,
    label: asString(props[key(NS.xmp, 'Label')]),
    description: asString(props[key(NS.dc, 'description')])?.trim() || null,
    dateTimeOriginal: asString(props[key(NS.exif, 'DateTimeOriginal')]) ?? asString(props[key(NS.photoshop, 'DateCreated')]),
    gps: latDeg !== null && lonDeg !== null ? { lat: latDeg, lon: lonDeg } : null,
    ...regionsOf(props),
    personInImage: asStrings(props[key(NS.Iptc4xmpExt, 'PersonInImage')]),
  }
}

/** The properties PhotoHouse owns: removed from every description of a packet before its own go in. */
const ALWAYS_OWNED: [string, string][] = [
  [NS.dc, 'subject'],
  [NS.dc, 'description'],
  [NS.xmp, 'Rating'],
  [NS['mwg-rs'], 'Regions'],
  [NS.Iptc4xmpExt, 'PersonInImage'],
]

const PREFIX_OF: Record<string, string> = Object.fromEntries(Object.entries(NS).map(([prefix, uri]) => [uri, prefix]))

const SKELETON =
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
  `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="PhotoHouse">\n` +
  ` <rdf:RDF xmlns:rdf="${NS.rdf}">\n` +
  `  <rdf:Description rdf:about=""/>\n` +
  ` </rdf:RDF>\n` +
  `</x:xmpmeta>\n` +
  `<?xpacket end="w"?>`

function isWhitespace(node: Node | null): boolean {
  return node !== null && node.nodeType === TEXT && /^\s*$/.test(node.nodeValue ?? '')
}

/** Removes an element with the indentation before it (so rewrites do not pile up blank lines). */
function removeElement(el: Element): void {
  const parent = el.parentNode!
  if (isWhitespace(el.previousSibling)) parent.removeChild(el.previousSibling!)
  parent.removeChild(el)
}

/**
 * Merges PhotoHouse's properties into an existing packet (or a new one when `existing` is null):
 * the properties it owns are removed from every top-level description and written into the first;
 * everything else stays. Merging the result again with the same facts gives the same text, so an
 * unchanged sidecar is recognised by comparing text.
 */
export function mergeXmp(existing: string | null, facts: OwnFacts): string {
  const doc = parse(existing ?? SKELETON)
  const rdf = rdfRoot(doc)
  if (!rdf) {
    // Well-formed XML that is not XMP: refuse rather than bury someone's file inside ours.
    throw new XmpParseError('Not an XMP packet (no rdf:RDF)')
  }
  const descriptions = elementChildren(rdf).filter((d) => isRdf(d, 'Description'))
  const current = factsOf(doc)
  const owned: [string, string][] = [...ALWAYS_OWNED]
  // The label is ours only as the favourite mark: another program's colour label stays unless the
  // photo is a favourite.
  if (facts.favorite || isFavoriteLabel(current.label)) owned.push([NS.xmp, 'Label'])
  if (facts.dateTimeOriginal !== null) owned.push([NS.exif, 'DateTimeOriginal'], [NS.photoshop, 'DateCreated'])
  if (facts.gps !== null) owned.push([NS.exif, 'GPSLatitude'], [NS.exif, 'GPSLongitude'])
  // Regions other programs keep that are not faces (a pet, a focus area) stay in the list.
  const foreignRegions = regionItems(doc).filter((r) => r.type !== null && r.type !== 'Face')

  for (const d of descriptions) {
    for (const [ns, local] of owned) {
      if (d.hasAttributeNS(ns, local)) d.removeAttributeNS(ns, local)
      for (const child of elementChildren(d)) if (child.namespaceURI === ns && child.localName === local) removeElement(child)
    }
  }
  let target = descriptions[0]
  if (!target) {
    target = doc.createElementNS(NS.rdf, 'rdf:Description')
    target.setAttributeNS(NS.rdf, 'rdf:about', '')
    rdf.appendChild(doc.createTextNode('\n  '))
    rdf.appendChild(target)
    rdf.appendChild(doc.createTextNode('\n '))
  }
  while (isWhitespace(target.lastChild)) target.removeChild(target.lastChild!)

  const build = new Builder(doc, target)
  if (facts.subjects.length > 0) build.prop(NS.dc, 'subject', build.container('Bag', facts.subjects.map((s) => build.text(s))))
  if (facts.description) build.prop(NS.dc, 'description', build.container('Alt', [build.text(facts.description, 'x-default')]))
  if (facts.rating > 0) build.prop(NS.xmp, 'Rating', build.text(String(facts.rating)))
  if (facts.favorite) build.prop(NS.xmp, 'Label', build.text(FAVORITE_LABEL))
  if (facts.dateTimeOriginal !== null) {
    build.prop(NS.exif, 'DateTimeOriginal', build.text(facts.dateTimeOriginal))
    build.prop(NS.photoshop, 'DateCreated', build.text(facts.dateTimeOriginal))
  }
  if (facts.gps !== null) {
    build.prop(NS.exif, 'GPSLatitude', build.text(formatGpsCoordinate(facts.gps.lat, 'lat')))
    build.prop(NS.exif, 'GPSLongitude', build.text(formatGpsCoordinate(facts.gps.lon, 'lon')))
  }
  if (facts.personInImage.length > 0) build.prop(NS.Iptc4xmpExt, 'PersonInImage', build.container('Bag', facts.personInImage.map((s) => build.text(s))))
  const regionCount = facts.regions.length + foreignRegions.length
  if (regionCount > 0) {
    const ours = facts.regions.map((r) =>
      build.struct([
        ['mwg-rs', 'Area', build.struct([['stArea', 'x', fixed(r.cx)], ['stArea', 'y', fixed(r.cy)], ['stArea', 'w', fixed(r.w)], ['stArea', 'h', fixed(r.h)], ['stArea', 'unit', 'normalized']])],
        ['mwg-rs', 'Name', r.name],
        ['mwg-rs', 'Type', 'Face'],
      ]),
    )
    const kept = foreignRegions.map((r) => doc.importNode(r.item, true) as Element)
    const dims = facts.appliedTo
    build.prop(
      NS['mwg-rs'],
      'Regions',
      build.struct([
        ...(dims ? [['mwg-rs', 'AppliedToDimensions', build.struct([['stDim', 'w', String(dims.w)], ['stDim', 'h', String(dims.h)], ['stDim', 'unit', 'pixel']])] as const] : []),
        ['mwg-rs', 'RegionList', build.container('Bag', [...ours, ...kept])],
      ]),
    )
  }
  target.appendChild(doc.createTextNode('\n  '))
  return new XMLSerializer().serializeToString(doc)
}

/** Normalised coordinates to 6 places (1e-6 of a 10,000-pixel side is 0.01 px). */
function fixed(n: number): string {
  return String(Number(n.toFixed(6)))
}

/** The items of the packet's region list, with their type, as elements (to keep foreign ones whole). */
function regionItems(doc: Document): { item: Element; type: string | null }[] {
  const out: { item: Element; type: string | null }[] = []
  const lists = doc.getElementsByTagNameNS(NS['mwg-rs'], 'RegionList')
  for (let i = 0; i < lists.length; i++) {
    for (const container of elementChildren(lists.item(i)!)) {
      for (const li of elementChildren(container)) {
        if (!isRdf(li, 'li')) continue
        const struct = valueOf(li)
        out.push({ item: li, type: asString(asStruct(struct)?.[key(NS['mwg-rs'], 'Type')]) })
      }
    }
  }
  return out
}

type Field = readonly [prefix: keyof typeof NS, local: string, value: string | Element]

/** Builds property elements with the indentation exiftool uses, so our part of a sidecar reads well. */
class Builder {
  constructor(
    private readonly doc: Document,
    private readonly target: Element,
  ) {}

  prop(ns: string, local: string, value: Element | Text): void {
    const prefix = PREFIX_OF[ns]!
    this.declare(prefix, ns)
    const el = this.doc.createElementNS(ns, `${prefix}:${local}`)
    this.fill(el, value)
    this.target.appendChild(this.doc.createTextNode('\n   '))
    this.target.appendChild(el)
  }

  text(value: string, lang?: string): Text {
    const t = this.doc.createTextNode(value) as Text
    if (lang) (t as Text & { lang?: string }).lang = lang
    return t
  }

  container(kind: 'Bag' | 'Seq' | 'Alt', items: (Text | Element)[]): Element {
    const c = this.doc.createElementNS(NS.rdf, `rdf:${kind}`)
    for (const item of items) {
      if (item.nodeType === ELEMENT && isRdf(item as Element, 'li')) {
        c.appendChild(item)
        continue
      }
      const li = this.doc.createElementNS(NS.rdf, 'rdf:li')
      const lang = (item as Text & { lang?: string }).lang
      if (lang) li.setAttributeNS(NS.xml, 'xml:lang', lang)
      if (item.nodeType === ELEMENT) li.setAttributeNS(NS.rdf, 'rdf:parseType', 'Resource')
      this.fill(li, item)
      c.appendChild(li)
    }
    return c
  }

  /** A struct as rdf:parseType="Resource" with one element per field (the form exiftool writes). */
  struct(fields: readonly Field[]): Element {
    const holder = this.doc.createElementNS(NS.rdf, 'rdf:Description')
    for (const [prefix, local, value] of fields) {
      this.declare(prefix, NS[prefix])
      const el = this.doc.createElementNS(NS[prefix], `${prefix}:${local}`)
      if (typeof value === 'string') el.appendChild(this.doc.createTextNode(value))
      else this.fill(el, value)
      holder.appendChild(el)
    }
    return holder
  }

  /** Puts a value into a property element: a struct's fields go in directly with parseType="Resource". */
  private fill(el: Element, value: Element | Text): void {
    if (value.nodeType === ELEMENT && isRdf(value as Element, 'Description')) {
      if (!el.hasAttributeNS(NS.rdf, 'parseType')) el.setAttributeNS(NS.rdf, 'rdf:parseType', 'Resource')
      for (const field of elementChildren(value)) el.appendChild(field)
    } else el.appendChild(value)
  }

  /** Namespaces are declared on the description, once, so the properties under it need none. */
  private declare(prefix: string, uri: string): void {
    const attr = `xmlns:${prefix}`
    if (!this.target.hasAttribute(attr)) this.target.setAttributeNS(NS.xmlns, attr, uri)
  }
}

type Text = ReturnType<Document['createTextNode']>
