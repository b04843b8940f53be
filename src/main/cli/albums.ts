// `photohouse albums list|create|add`: albums from the command line, over the same service as the app.
import { folderPath } from '../../shared/albums'
import { createApp, openCatalog } from '../app'
import { createAlbumsRepository } from '../catalog'
import { runSmartAlbums, SMART_ALBUMS_USAGE } from './smart-albums'

export interface AlbumsCliOptions {
  json: boolean
  fromFolder?: string
  sync: boolean
  /** A smart album's rule: JSON (--rule) or the text form (--text). */
  rule?: string
  text?: string
}

export interface CliIo {
  /** Writes one line to stdout. */
  write(line: string): void
  /** The error for a command line that cannot mean anything (exit 2, with the usage). */
  usage(message: string): Error
}

export const ALBUMS_USAGE = `  albums list [--json]             albums with their folder, count, cover and photo ids
  albums create <name> [--from-folder DIR] [--sync]
                                   a new album; from a library folder: its photos now, or always (--sync)
  albums add <album> <assetId...>  add photos to an album (by id or exact name)
${SMART_ALBUMS_USAGE}`

export async function runAlbums(libraryDir: string, args: string[], options: AlbumsCliOptions, io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'list') return listAlbums(libraryDir, options.json, io)
  if (sub === 'create-smart' || sub === 'show') return runSmartAlbums(libraryDir, sub, rest, options, io)
  if (sub !== 'create' && sub !== 'add') throw io.usage(`Unknown albums command: ${sub ?? '(none)'}`)
  const app = createApp({ libraryDir, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    if (sub === 'create') {
      const name = rest.join(' ').trim()
      if (options.fromFolder !== undefined) {
        const { albums } = app.albums.createFromFolders([options.fromFolder], { sync: options.sync, name: name || undefined })
        const album = albums[0]!
        io.write(options.json ? JSON.stringify(album) : `Album ${album.id} "${album.name}": ${album.count} photos${options.sync ? ', kept in sync with the folder' : ''}`)
        return 0
      }
      if (!name) throw io.usage('albums create <name> [--from-folder DIR] [--sync]')
      if (options.sync) throw io.usage('--sync goes with --from-folder')
      const { album } = app.albums.create({ name })
      io.write(options.json ? JSON.stringify(album) : `Album ${album.id} "${album.name}"`)
      return 0
    }
    const [which, ...ids] = rest
    if (which === undefined || ids.length === 0) throw io.usage('albums add <album> <assetId...>')
    const assetIds = ids.flatMap((t) => t.split(',')).map((t) => {
      const n = Number(t)
      if (!Number.isSafeInteger(n) || n <= 0) throw io.usage(`Bad asset id: ${t}`)
      return n
    })
    const albumId = resolveAlbum(app.albums.list().albums, which)
    const result = app.albums.addAssets(albumId, assetIds)
    const album = app.albums.get(albumId)!
    io.write(options.json ? JSON.stringify({ ...result, album }) : `Added ${result.changed} photo(s) to "${album.name}" (${album.count} photos)`)
    return 0
  } finally {
    await app.close()
  }
}

/** An album by id, or by its exact name when that names one album only. */
function resolveAlbum(albums: { id: number; name: string }[], which: string): number {
  const byId = /^\d+$/.test(which) ? albums.find((a) => a.id === Number(which)) : undefined
  if (byId) return byId.id
  const named = albums.filter((a) => a.name === which)
  if (named.length === 1) return named[0]!.id
  if (named.length > 1) throw new Error(`Several albums are named "${which}" (ids ${named.map((a) => a.id).join(', ')}): give the id`)
  throw new Error(`No album ${which}`)
}

/** Read-only: beside a running app, nothing is written and no lock is taken. */
function listAlbums(libraryDir: string, json: boolean, io: CliIo): number {
  const db = openCatalog(libraryDir, { readOnly: true })
  try {
    const repo = createAlbumsRepository(db)
    const folders = repo.folders()
    const rows = repo.list().map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      folderId: a.folderId,
      folder: a.folderId === null ? null : folderPath(folders, a.folderId).map((f) => f.name).join(' / '),
      count: a.count,
      coverAssetId: a.cover?.id ?? null,
      source: a.source,
      // A smart album's rule and its text form (null for others).
      smart: a.smart,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      // In the album's order; hidden photos included (they are members), trashed and missing ones not.
      assetIds: repo.photos(a.id, 0, -1, { includeHidden: true }).map((p) => p.id),
    }))
    if (json) io.write(JSON.stringify(rows, null, 2))
    else for (const r of rows) io.write(`${r.id}\t${r.folder ? `${r.folder} / ` : ''}${r.name}\t${r.count} photos${r.source?.synced ? ' (follows its folder)' : ''}`)
    return 0
  } finally {
    db.close()
  }
}
