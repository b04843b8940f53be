// `photohouse duplicates [--similar] [--json]`: the duplicate review's groups, for scripts.
import { createApp } from '../app'
import type { DuplicateGroup } from '../../shared/duplicates'

/** The shape issue 12 names: tier, suggested keeper, and per photo its path, size and pHash distance. */
export function duplicatesJson(groups: DuplicateGroup[]) {
  return groups
    .filter((g) => g.tier !== 'same-bytes')
    .map((g) => ({
      tier: g.tier,
      suggestedKeep: g.suggestedKeep,
      assets: g.assets.map((a) => ({ assetId: a.asset.id, path: a.path, width: a.width, height: a.height, bytes: a.bytes, distance: a.distance })),
    }))
}

/** Reads the library (read-only, beside a running app too); near and same-pixels groups, similar ones with --similar. */
export async function runDuplicates(libraryDir: string, options: { json: boolean; similar: boolean }, write: (line: string) => void): Promise<number> {
  const app = createApp({ libraryDir, readOnly: true })
  try {
    const groups = duplicatesJson(app.duplicates.list({ includeSimilar: options.similar }))
    if (options.json) {
      write(JSON.stringify(groups, null, 2))
      return 0
    }
    if (groups.length === 0) write('No duplicates found.')
    for (const g of groups) {
      write(`${g.tier} (keep ${g.suggestedKeep}):`)
      for (const a of g.assets) {
        write(`  ${a.assetId === g.suggestedKeep ? '*' : ' '} ${a.assetId}\t${a.width ?? '?'}x${a.height ?? '?'}\t${a.bytes ?? '?'} bytes\td=${a.distance}\t${a.path}`)
      }
    }
    return 0
  } finally {
    await app.close()
  }
}
