// `photohouse albums create-smart|show`: smart albums (issue 13) from the command line, and any album
// shown with its photos and their paths, over the same services as the app.
import { SmartRuleSchema, validateSmartText, type SmartRule } from '../../shared/smart-albums'
import { createApp } from '../app'
import type { CliIo } from './albums'

export const SMART_ALBUMS_USAGE = `  albums create-smart <name> (--rule '<json>' | --text '<rule text>') [--json]
                                   a smart album: the photos the rule matches, always
                                   (e.g. --text 'person:Anna place:Paris year:2023 rating>=4')
  albums show <album> [--json]     an album (plain, folder or smart) with its rule and photos {assetId, path}`

export interface SmartAlbumsCliOptions {
  json: boolean
  rule?: string
  text?: string
}

/** The rule of --rule (JSON) or --text (the text form), or why it is not one. */
function ruleOf(options: SmartAlbumsCliOptions, io: CliIo): SmartRule {
  if ((options.rule === undefined) === (options.text === undefined)) throw io.usage('albums create-smart needs one of --rule <json> or --text <rule text>')
  if (options.text !== undefined) {
    const parsed = validateSmartText(options.text)
    if (!parsed.ok) throw new Error(`The rule text does not read: ${parsed.error} at character ${parsed.position + 1}\n  ${options.text}\n  ${' '.repeat(parsed.position)}^`)
    return parsed.rule
  }
  let json: unknown
  try {
    json = JSON.parse(options.rule!)
  } catch (e) {
    throw new Error(`--rule is not JSON: ${(e as Error).message}`)
  }
  const checked = SmartRuleSchema.safeParse(json)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new Error(`--rule is not a rule: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`)
  }
  return checked.data
}

export async function runSmartAlbums(libraryDir: string, sub: 'create-smart' | 'show', rest: string[], options: SmartAlbumsCliOptions, io: CliIo): Promise<number> {
  if (sub === 'create-smart') {
    const name = rest.join(' ').trim()
    if (!name) throw io.usage('albums create-smart <name> (--rule <json> | --text <rule text>)')
    const rule = ruleOf(options, io)
    const app = createApp({ libraryDir, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
    try {
      const { album } = await app.smartAlbums.create({ name, rule })
      io.write(options.json ? JSON.stringify(album, null, 2) : `Smart album ${album.id} "${album.name}": ${album.count} photos (${album.smart?.text ?? ''})`)
      return 0
    } finally {
      await app.close()
    }
  }
  const which = rest.join(' ').trim()
  if (!which) throw io.usage('albums show <album id or name>')
  // Read-only: beside a running app, nothing is written and no lock is taken.
  const app = createApp({ libraryDir, readOnly: true, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    await app.smartAlbums.ready()
    const { albums } = app.albums.list()
    const byId = /^\d+$/.test(which) ? albums.find((a) => a.id === Number(which)) : undefined
    const named = albums.filter((a) => a.name === which)
    if (!byId && named.length > 1) throw new Error(`Several albums are named "${which}" (ids ${named.map((a) => a.id).join(', ')}): give the id`)
    const album = byId ?? named[0]
    if (!album) throw new Error(`No album ${which}`)
    // In the album's order (a smart album's: newest first); hidden photos of a plain album are members too.
    const photos = app.albums.photos(album.id, 0, -1, { includeHidden: true })
    const assets = photos.map((p) => ({ assetId: p.id, path: app.repositories.search.pathOf(p.id) ?? null }))
    const shown = { ...album, rule: album.smart?.rule ?? null, text: album.smart?.text ?? null, assets }
    if (options.json) io.write(JSON.stringify(shown, null, 2))
    else {
      io.write(`${album.id}\t${album.name}\t${album.count} photos${album.smart ? `\trule: ${album.smart.text}` : ''}`)
      for (const a of assets) io.write(`${a.assetId}\t${a.path ?? ''}`)
    }
    return 0
  } finally {
    await app.close()
  }
}
