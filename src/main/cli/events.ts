// `photohouse events list`: the library's events from the command line.
import { openCatalog } from '../app'
import { createPhotoEventsRepository } from '../catalog'
import { eventListing } from '../photo-events'

export const EVENTS_USAGE = `  events list [--json]             events (by time and place), oldest first, with their photos`

/**
 * Read-only: beside a running app, nothing is written and no lock is taken. The events are those the
 * app (or `import`) last cut; the JSON is one document, written whole before the command exits.
 */
export function runEvents(libraryDir: string, args: string[], options: { json: boolean }, io: { write(line: string): void; usage(message: string): Error }): number {
  const [sub] = args
  if (sub !== 'list') throw io.usage(`Unknown events command: ${sub ?? '(none)'}`)
  const db = openCatalog(libraryDir, { readOnly: true })
  try {
    const events = eventListing(createPhotoEventsRepository(db))
    if (options.json) io.write(JSON.stringify(events, null, 2))
    else for (const e of events) io.write(`${e.id}\t${e.title}\t${e.assets.length} photos`)
    return 0
  } finally {
    db.close()
  }
}
