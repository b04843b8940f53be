// "Export…" on a selection, an album, an event or a person: opens the Export dialog for what it shows.
import { useState } from 'react'
import type { ExportSource } from '../../../shared/export'
import { useNotify } from '../app/notices'
import { formatCount } from '../lib/format'
import { ExportDialog } from './ExportDialog'

/** One export takes at most this many chosen photos (the contract's limit); albums, events and people have none. */
const MAX_EXPORT_IDS = 100_000

interface ExportButtonProps {
  /** What to export, read when clicked (a selection's ids may be resolved only then). */
  source(): ExportSource
  /** "3 photos", "album “Summer”": the dialog's title says what goes. */
  what: string
  className?: string
  disabled?: boolean
}

export function ExportButton({ source, what, className = 'button small', disabled }: ExportButtonProps) {
  const notify = useNotify()
  const [open, setOpen] = useState<ExportSource | null>(null)
  return (
    <>
      <button
        type="button"
        className={className}
        data-testid="action-export"
        disabled={disabled}
        onClick={() => {
          const chosen = source()
          if ('ids' in chosen && chosen.ids.length > MAX_EXPORT_IDS) {
            notify('error', `Export at most ${formatCount(MAX_EXPORT_IDS)} chosen photos at once (an album, event or person has no limit)`)
            return
          }
          if ('ids' in chosen && chosen.ids.length === 0) return
          setOpen(chosen)
        }}
      >
        Export…
      </button>
      {open ? <ExportDialog source={open} what={what} onClose={() => setOpen(null)} /> : null}
    </>
  )
}
