import { useCallback, useMemo, useRef, useState } from 'react'
import { ActivityPanel, ProgressIndicator, useBatchProgress } from '../activity'
import { errorText } from './notices'
import { isBusy, isUnauthorized, useLiveEvents, useRoots, useTaskStats, useTimeline } from '../api'
import { AddFolderDialog, DropZone, useAddFolder } from '../import'
import { LibraryGrid, type LibraryGridHandle } from '../library'
import { RootsPanel } from '../roots'
import { Viewer } from '../viewer'
import { EmptyState } from './EmptyState'
import { Toolbar } from './Toolbar'

export function App() {
  useLiveEvents()
  const timeline = useTimeline()
  const roots = useRoots()
  const stats = useTaskStats()
  const progress = useBatchProgress(stats.data)
  const addFolder = useAddFolder()
  const grid = useRef<LibraryGridHandle>(null)
  const [viewerIndex, setViewerIndex] = useState<number | null>(null)
  const [activityOpen, setActivityOpen] = useState(false)

  const total = useMemo(() => timeline.data?.reduce((sum, m) => sum + m.count, 0) ?? null, [timeline.data])
  const failures = stats.data ? stats.data.totals.dead : 0

  const openViewer = useCallback((index: number) => setViewerIndex(index), [])
  const navigateViewer = useCallback((index: number) => {
    setViewerIndex(index)
    grid.current?.scrollToAsset(index)
  }, [])
  const closeViewer = useCallback(() => setViewerIndex(null), [])
  const toggleActivity = useCallback(() => setActivityOpen((open) => !open), [])
  const { chooseFolder } = addFolder

  if (isUnauthorized(timeline.error)) return <AuthRequired />

  let content
  if (timeline.isPending) content = <div className="center muted">Loading library…</div>
  else if (timeline.isError)
    content = (
      <div className="center" data-testid="load-error">
        <p className="error-text">Could not load the library: {errorText(timeline.error)}</p>
        <button type="button" className="button" onClick={() => void timeline.refetch()}>
          Try again
        </button>
      </div>
    )
  else if (total === 0)
    content = <EmptyState hasFolders={(roots.data?.length ?? 0) > 0} busy={isBusy(stats.data)} onAddFolder={chooseFolder} />
  else content = <LibraryGrid ref={grid} months={timeline.data} onOpen={openViewer} />

  return (
    <div className="app">
      <Toolbar
        photoCount={total}
        failures={failures}
        activityOpen={activityOpen}
        addingFolder={addFolder.busy}
        progress={<ProgressIndicator progress={progress} onClick={() => setActivityOpen(true)} />}
        onAddFolder={chooseFolder}
        onToggleActivity={toggleActivity}
      />
      <div className="app-body">
        <RootsPanel photoCount={total} onAddFolder={chooseFolder} />
        <main className="content">{content}</main>
        {activityOpen ? <ActivityPanel stats={stats.data} progress={progress} onClose={() => setActivityOpen(false)} /> : null}
      </div>
      {viewerIndex !== null && total !== null && viewerIndex < total ? (
        <Viewer index={viewerIndex} total={total} onNavigate={navigateViewer} onClose={closeViewer} />
      ) : null}
      <DropZone onDropFiles={addFolder.dropFiles} />
      {addFolder.dialog ? <AddFolderDialog hint={addFolder.dialog.hint} onClose={addFolder.closeDialog} /> : null}
    </div>
  )
}

function AuthRequired() {
  return (
    <div className="center full" data-testid="auth-required">
      <h1>Open PhotoHouse from its link</h1>
      <p className="muted">
        This page needs the address printed by <code>photohouse serve</code> (it ends in <code>?token=…</code>). Open that link once
        and this browser stays signed in.
      </p>
    </div>
  )
}
