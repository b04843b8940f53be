// `photohouse sidecars write [--all] | read`: XMP sidecars on demand, over the same service as the app.
import type { SidecarFailure } from '../../shared/sidecars'
import { createApp } from '../app'
import type { CliIo } from './albums'

export const SIDECARS_USAGE = `  sidecars write [--all] [--json]  write the XMP sidecars of photos changed since theirs was written
                                   (--all: of every photo); only sidecars whose content changes are written
  sidecars read [--json]           read every photo's XMP sidecars and embedded XMP/IPTC again`

function failures(io: CliIo, failed: SidecarFailure[]): void {
  for (const f of failed) io.write(`  failed: ${f.path}: ${f.error}`)
}

export async function runSidecars(libraryDir: string, args: string[], options: { json: boolean; all: boolean }, io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if ((sub !== 'write' && sub !== 'read') || rest.length > 0) throw io.usage(`Unknown sidecars command: ${[sub ?? '(none)', ...rest].join(' ')}`)
  if (sub === 'read' && options.all) throw io.usage('sidecars read always reads every photo (no --all)')
  // Writes files and the catalog (what was written, what was read): the library's lock is taken.
  const app = createApp({ libraryDir, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    if (sub === 'write') {
      const result = await app.sidecars.writeNow({ all: options.all })
      if (options.json) io.write(JSON.stringify(result, null, 2))
      else {
        io.write(`Sidecars of ${result.photos} photo(s): ${result.written} written, ${result.unchanged} already up to date, ${result.failed.length} failed.`)
        failures(io, result.failed)
      }
      return result.failed.length > 0 ? 1 : 0
    }
    const result = await app.sidecars.readAll()
    if (options.json) io.write(JSON.stringify(result, null, 2))
    else {
      io.write(`Read ${result.photos} photo(s), ${result.withMetadata} with XMP or IPTC: ${result.keywordsAdded} keywords added, ${result.ratingsSet} ratings, ${result.favoritesSet} favourites, ${result.descriptionsSet} descriptions.`)
      io.write(`Named face regions: ${result.regions} (${result.regionsMatched} matched to a detected face, ${result.regionsWithoutFace} without one: kept as named regions of their person).`)
      failures(io, result.failed)
    }
    return 0
  } finally {
    await app.close()
  }
}
