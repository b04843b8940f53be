// The exifr options PhotoHouse reads EXIF with (ingest/metadata.ts for every photo, cr3.ts for Canon's
// CMT boxes), in one place so the two cannot drift apart: IFD0 only, nothing translated or revived
// (no Date objects: see ingest/exif-date.ts), one merged object. Callers add the blocks they need.
export const EXIFR_BASE_OPTIONS = {
  tiff: true,
  exif: false,
  gps: false,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  translateKeys: true,
  translateValues: false,
  reviveValues: false,
  mergeOutput: true,
} as const
