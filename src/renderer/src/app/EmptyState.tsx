interface EmptyStateProps {
  hasFolders: boolean
  busy: boolean
  onAddFolder(): void
}

/** First-run screen (and "nothing found yet" while a new folder is being scanned). */
export function EmptyState({ hasFolders, busy, onAddFolder }: EmptyStateProps) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <svg className="empty-icon" viewBox="0 0 64 64" aria-hidden="true">
        <rect x="6" y="12" width="52" height="40" rx="6" fill="none" stroke="currentColor" strokeWidth="3" />
        <circle cx="22" cy="26" r="5" fill="currentColor" />
        <path d="M10 48 L26 34 L36 42 L44 34 L56 46" fill="none" stroke="currentColor" strokeWidth="3" strokeLinejoin="round" />
      </svg>
      {busy ? (
        <>
          <h1>Looking for photos…</h1>
          <p>Your folders are being scanned. Photos appear here as soon as they are read.</p>
        </>
      ) : (
        <>
          <h1>{hasFolders ? 'No photos found yet' : 'Welcome to PhotoHouse'}</h1>
          <p>
            {hasFolders ? 'The folders in your library contain no photos PhotoHouse can read. ' : ''}
            Drag a folder of photos into this window, or click <strong>Add folder</strong>.
          </p>
          <p className="muted small">Your photos stay where they are: PhotoHouse only reads them, on this computer.</p>
          <button type="button" className="button primary large" data-testid="empty-add-folder" onClick={onAddFolder}>
            Add folder
          </button>
        </>
      )}
    </div>
  )
}
