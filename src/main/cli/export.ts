// `photohouse export`: an album, event, person or chosen photos out of the library, over the same
// export service as the app's Export dialog. It only reads the catalog, so it runs beside the app.
import { resolve } from 'node:path'
import { ExportStartInput, type ExportSource } from '../../shared/export'
import { createApp } from '../app'
import type { CliIo } from './albums'

export interface ExportCliOptions {
  json: boolean
  album?: string
  event?: string
  person?: string
  ids?: string
  to?: string
  size?: string
  jpeg: boolean
  stripGps: boolean
  keepGps: boolean
  stripMetadata: boolean
  zip: boolean
}

export const EXPORT_USAGE = `  export --album <id> | --event <id> | --person <id> | --ids a,b --to DIR
         [--jpeg] [--size 2048] [--strip-gps|--keep-gps] [--strip-metadata] [--zip] [--json]
                                   copies of the originals (with their .xmp sidecars), or JPEGs
                                   (--jpeg or --size: upright, long edge at most --size, EXIF kept,
                                   GPS stripped unless --keep-gps, no EXIF with --strip-metadata),
                                   into DIR or a .zip in it
                                   (or --to FILE.zip); never writes over a file`

export async function runExport(libraryDir: string, options: ExportCliOptions, io: CliIo): Promise<number> {
  const input = exportInput(options, io)
  const app = createApp({ libraryDir, readOnly: true, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    const interactive = process.stderr.isTTY
    // Ctrl+C stops the export and removes what it wrote, as Cancel does in the app.
    const controller = new AbortController()
    const onInterrupt = () => controller.abort()
    process.once('SIGINT', onInterrupt)
    try {
      const summary = await app.exports.run(input, {
        signal: controller.signal,
        onProgress: (done, total) => interactive && process.stderr.write(`\rExporting ${done}/${total}`),
      })
      if (interactive) process.stderr.write('\n')
      if (options.json) {
        io.write(JSON.stringify({ target: summary.target, exported: summary.exported, skipped: summary.skipped, files: summary.files }, null, 2))
      } else {
        io.write(`Exported ${summary.exported} photo(s) to ${summary.target}`)
        for (const s of summary.skipped) io.write(`  skipped ${s.assetId}: ${s.reason}`)
      }
      return 0
    } finally {
      process.off('SIGINT', onInterrupt)
    }
  } finally {
    await app.close()
  }
}

function exportInput(options: ExportCliOptions, io: CliIo): ExportStartInput {
  const id = (text: string, what: string) => {
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n <= 0) throw io.usage(`Bad ${what}: ${text}`)
    return n
  }
  const given = [options.album, options.event, options.person, options.ids].filter((v) => v !== undefined)
  if (given.length !== 1) throw io.usage('export needs exactly one of --album, --event, --person, --ids')
  const source: ExportSource =
    options.album !== undefined
      ? { albumId: id(options.album, 'album id') }
      : options.event !== undefined
        ? { eventId: id(options.event, 'event id') }
        : options.person !== undefined
          ? { personId: id(options.person, 'person id') }
          : { ids: options.ids!.split(',').map((t) => id(t.trim(), 'asset id')) }
  if (!options.to) throw io.usage('export needs --to DIR')
  if (options.stripGps && options.keepGps) throw io.usage('--strip-gps or --keep-gps, not both')
  const size = options.size === undefined ? undefined : id(options.size, 'size')
  const jpeg = options.jpeg || size !== undefined || options.stripMetadata
  if (!jpeg && options.stripGps) throw io.usage('--strip-gps needs --jpeg or --size: originals are exact copies and keep their location')
  const parsed = ExportStartInput.safeParse({
    source,
    to: resolve(options.to),
    format: jpeg ? 'jpeg' : 'original',
    ...(size !== undefined ? { size } : {}),
    // Sharing is what a converted copy is for: its location goes unless kept on purpose.
    stripGps: jpeg && (!options.keepGps || options.stripMetadata),
    ...(options.stripMetadata ? { stripMetadata: true } : {}),
    zip: options.zip,
  })
  if (!parsed.success) throw io.usage(parsed.error.issues.map((i) => i.message).join('; '))
  return parsed.data
}
