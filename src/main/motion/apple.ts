// Apple's maker note (JPEG and HEIC from iPhones): "Apple iOS\0", a version, "MM", then a big-endian
// IFD whose offsets count from the maker note's start. Tag 0x0011 is the content identifier a live
// photo's still shares with its MOV (exiftool calls it MediaGroupUUID / ContentIdentifier).
const HEADER = 'Apple iOS\0'
const IFD_START = 14
const CONTENT_IDENTIFIER = 0x0011

export function appleContentId(makerNote: Uint8Array): string | null {
  const bytes = Buffer.from(makerNote.buffer, makerNote.byteOffset, makerNote.byteLength)
  if (bytes.length < IFD_START + 2 || bytes.toString('latin1', 0, HEADER.length) !== HEADER) return null
  if (bytes.toString('latin1', 12, 14) !== 'MM') return null
  const count = bytes.readUInt16BE(IFD_START)
  for (let i = 0; i < count; i++) {
    const at = IFD_START + 2 + i * 12
    if (at + 12 > bytes.length) return null
    if (bytes.readUInt16BE(at) !== CONTENT_IDENTIFIER || bytes.readUInt16BE(at + 2) !== 2) continue
    const length = bytes.readUInt32BE(at + 4)
    const start = length <= 4 ? at + 8 : bytes.readUInt32BE(at + 8)
    if (start + length > bytes.length) return null
    const text = bytes.toString('latin1', start, start + length).replaceAll('\0', '').trim()
    return text === '' ? null : text
  }
  return null
}
