// Just enough of ISO-BMFF / QuickTime to describe a motion clip: its length (moov/mvhd) and Apple's
// metadata keys (moov/meta keys + ilst: content identifier, creation date). Only the moov box is read,
// so a large video costs a few small reads, never the whole file.
import { open } from 'node:fs/promises'

export interface MovieFacts {
  durationMs: number | null
  /** `com.apple.quicktime.content.identifier`: the live photo's pairing key. */
  contentId: string | null
  /** `com.apple.quicktime.creationdate`, as written (e.g. 2023-05-01T10:11:12+0200). */
  creationDate: string | null
}

const NO_FACTS: MovieFacts = { durationMs: null, contentId: null, creationDate: null }

interface Box {
  type: string
  /** Offset of the box's content (after its header). */
  body: number
  end: number
}

/** The boxes in [start, end) of `bytes`; stops at the first malformed one. */
function* boxes(bytes: Buffer, start: number, end: number): Generator<Box> {
  let p = start
  while (p + 8 <= end) {
    let size = bytes.readUInt32BE(p)
    const type = bytes.toString('latin1', p + 4, p + 8)
    let header = 8
    if (size === 1) {
      if (p + 16 > end) return
      size = Number(bytes.readBigUInt64BE(p + 8))
      header = 16
    } else if (size === 0) {
      size = end - p
    }
    if (size < header || p + size > end) return
    yield { type, body: p + header, end: p + size }
    p += size
  }
}

function child(bytes: Buffer, parent: Box, type: string): Box | null {
  for (const box of boxes(bytes, parent.body, parent.end)) if (box.type === type) return box
  return null
}

/** The facts of a movie from its moov box (`moovBytes` holds just that box). */
export function movieFactsFromMoov(moovBytes: Buffer): MovieFacts {
  const facts: MovieFacts = { ...NO_FACTS }
  const moov = [...boxes(moovBytes, 0, moovBytes.length)].find((b) => b.type === 'moov')
  if (!moov) return facts
  const mvhd = child(moovBytes, moov, 'mvhd')
  if (mvhd && mvhd.end - mvhd.body >= 32) {
    // Version 0: 32-bit creation, modification, timescale, duration; version 1: 64-bit times.
    const v1 = moovBytes[mvhd.body] === 1
    const timescale = moovBytes.readUInt32BE(mvhd.body + (v1 ? 20 : 12))
    const duration = v1 ? Number(moovBytes.readBigUInt64BE(mvhd.body + 24)) : moovBytes.readUInt32BE(mvhd.body + 16)
    if (timescale > 0) facts.durationMs = Math.round((duration / timescale) * 1000)
  }
  const keys = metadataKeys(moovBytes, moov)
  facts.contentId = keys.get('com.apple.quicktime.content.identifier') ?? null
  facts.creationDate = keys.get('com.apple.quicktime.creationdate') ?? null
  return facts
}

/**
 * QuickTime 'mdta' metadata: keys names the items, ilst holds them by 1-based index. iPhones write
 * it in moov/meta, ffmpeg (and other tools) in moov/udta/meta.
 */
function metadataKeys(bytes: Buffer, moov: Box): Map<string, string> {
  const out = new Map<string, string>()
  const udta = child(bytes, moov, 'udta')
  const meta = child(bytes, moov, 'meta') ?? (udta ? child(bytes, udta, 'meta') : null)
  if (!meta || meta.end - meta.body < 8) return out
  // QuickTime's meta is a plain box; ISO's is a full box (4 bytes of version and flags first).
  const inner: Box = bytes.readUInt32BE(meta.body) === 0 ? { ...meta, body: meta.body + 4 } : meta
  const keysBox = child(bytes, inner, 'keys')
  const ilst = child(bytes, inner, 'ilst')
  if (!keysBox || !ilst || keysBox.end - keysBox.body < 8) return out
  const names: string[] = []
  const count = bytes.readUInt32BE(keysBox.body + 4)
  let p = keysBox.body + 8
  for (let i = 0; i < count && p + 8 <= keysBox.end; i++) {
    const size = bytes.readUInt32BE(p)
    if (size < 8 || p + size > keysBox.end) break
    names.push(bytes.toString('utf8', p + 8, p + size))
    p += size
  }
  for (const item of boxes(bytes, ilst.body, ilst.end)) {
    const name = names[Buffer.from(item.type, 'latin1').readUInt32BE(0) - 1]
    const data = child(bytes, item, 'data')
    // data: 4 bytes type indicator (1 = UTF-8), 4 bytes locale, then the value.
    if (!name || !data || data.end - data.body < 8 || bytes.readUInt32BE(data.body) !== 1) continue
    out.set(name, bytes.toString('utf8', data.body + 8, data.end))
  }
  return out
}

/** Larger moov boxes are not a phone's clip: their metadata is not worth reading. */
const MAX_MOOV_BYTES = 16 * 1024 * 1024

/**
 * Reads the movie facts of the MP4/MOV stored in [offset, offset + length) of `path` (the whole file by
 * default). Null when the bytes there do not start with an ftyp box (not an ISO-BMFF movie).
 */
export async function readMovieFacts(path: string, offset = 0, length?: number): Promise<MovieFacts | null> {
  const handle = await open(path, 'r')
  try {
    const end = offset + (length ?? (await handle.stat()).size - offset)
    if (end - offset < 8) return null
    const header = Buffer.alloc(16)
    for (let p = offset; p + 8 <= end; ) {
      const { bytesRead } = await handle.read(header, 0, 16, p)
      if (bytesRead < 8) break
      let size = header.readUInt32BE(0)
      const type = header.toString('latin1', 4, 8)
      if (p === offset && type !== 'ftyp') return null
      if (size === 1 && bytesRead === 16) size = Number(header.readBigUInt64BE(8))
      else if (size === 0) size = end - p
      if (size < 8 || p + size > end) break
      if (type === 'moov') {
        if (size > MAX_MOOV_BYTES) break
        const moov = Buffer.alloc(size)
        await handle.read(moov, 0, size, p)
        return movieFactsFromMoov(moov)
      }
      p += size
    }
    return { ...NO_FACTS }
  } finally {
    await handle.close()
  }
}
