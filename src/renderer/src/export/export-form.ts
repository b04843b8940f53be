// The Export dialog's choices as the contract's export.start input, and what the toast says.
import type { ExportProgress, ExportSource, ExportStartInput } from '../../../shared/export'
import { normalizeTypedPath } from '../lib/typed-path'
import { formatCount, pluralize } from '../lib/format'

export interface ExportForm {
  to: string
  format: 'original' | 'jpeg'
  /** Long edge in pixels, or null: full size. */
  size: number | null
  stripGps: boolean
  /** JPEG: no EXIF at all. */
  stripMetadata: boolean
  zip: boolean
}

export const DEFAULT_EXPORT_FORM: ExportForm = { to: '', format: 'jpeg', size: 2048, stripGps: true, stripMetadata: false, zip: false }

/** A folder path the server can use: absolute (POSIX, or a Windows drive or share). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\\\')
}

/** The start input, or why the form cannot be sent yet. */
export function exportInput(source: ExportSource, form: ExportForm): { input: ExportStartInput } | { problem: string } {
  const to = normalizeTypedPath(form.to)
  if (!to) return { problem: 'Choose the folder to export to' }
  if (!isAbsolutePath(to)) return { problem: 'Give the full path of the folder (e.g. /home/me/Export or C:\\Export)' }
  const jpeg = form.format === 'jpeg'
  return {
    input: {
      source,
      to,
      format: form.format,
      ...(jpeg && form.size !== null ? { size: form.size } : {}),
      // Originals are exact copies: their location cannot be taken out.
      stripGps: jpeg && (form.stripGps || form.stripMetadata),
      ...(jpeg && form.stripMetadata ? { stripMetadata: true } : {}),
      zip: form.zip,
    },
  }
}

/** The toast's line for a job. */
export function progressText(p: ExportProgress): string {
  switch (p.state) {
    case 'running':
      return `Exporting ${formatCount(p.done)} of ${pluralize(p.total, 'photo', 'photos')}…`
    case 'done': {
      const skipped = p.summary?.skipped.length ?? 0
      const exported = p.summary?.exported ?? p.done
      return `Exported ${pluralize(exported, 'photo', 'photos')} to ${p.target}${skipped > 0 ? ` (${formatCount(skipped)} skipped: ${p.summary!.skipped[0]!.reason}${skipped > 1 ? '…' : ''})` : ''}`
    }
    case 'cancelled':
      return 'Export cancelled: the files it had written were removed'
    case 'failed':
      return `Export failed: ${p.error ?? 'unknown error'} (the files it had written were removed)`
  }
}
