import { useCallback, useMemo, useRef, useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { ActivityPanel, ProgressIndicator, useBatchProgress } from '../activity'
import { errorText } from './notices'
import { ExpandedStacksProvider, isBusy, isUnauthorized, TimelineViewProvider, useLiveEvents, useRoots, useTaskStats, useTimeline, type TimelineView } from '../api'
import { AddFolderDialog, DropZone, useAddFolder } from '../import'
import { LibraryView, ViewToggles, type LibraryGridHandle } from '../library'
import { ModelsScreen } from '../models'
import { PeopleScreen, PersonPage } from '../people'
import { AlbumPage, AlbumsScreen } from '../albums'
import { EventPage, EventsScreen } from '../events-screen'
import { MapScreen } from '../map'
import { RootsPanel } from '../roots'
import { SearchBar, SearchResults, SimilarResults } from '../search'
import { SettingsScreen } from '../settings'
import { DuplicatesScreen } from '../duplicates'
import { TrashScreen } from '../trash'
import { ListViewer, Viewer } from '../viewer'
import { EmptyState } from './EmptyState'
import { NavigationProvider, type Navigation, type Route } from './navigation'
import { Toolbar } from './Toolbar'
import { UndoProvider } from './undo'
import { ExportToasts } from '../export'
import { useDebouncedValue } from './use-debounced-value'

const SEARCH_DEBOUNCE_MS = 250

/** The viewer walks either the whole timeline (by position) or a list already in hand. */
type ViewerState = { kind: 'timeline'; index: number } | { kind: 'list'; assets: AssetSummary[]; index: number }

export function App() {
  // Above AppFrame: the timeline, the grid and the viewer all read which photos the library shows.
  const [libraryView, setLibraryView] = useState<TimelineView>('all')
  return (
    <UndoProvider>
      <TimelineViewProvider value={libraryView}>
        {/* Opened stacks: the timeline's months, its pages and the viewer read the same list. */}
        <ExpandedStacksProvider>
          <AppFrame libraryView={libraryView} onLibraryView={setLibraryView} />
        </ExpandedStacksProvider>
      </TimelineViewProvider>
    </UndoProvider>
  )
}

function AppFrame({ libraryView, onLibraryView }: { libraryView: TimelineView; onLibraryView(view: TimelineView): void }) {
  useLiveEvents()
  const timeline = useTimeline()
  const roots = useRoots()
  const stats = useTaskStats()
  const progress = useBatchProgress(stats.data)
  const addFolder = useAddFolder()
  const grid = useRef<LibraryGridHandle>(null)
  const [viewer, setViewer] = useState<ViewerState | null>(null)
  const [activityOpen, setActivityOpen] = useState(false)
  const [route, setRoute] = useState<Route>({ name: 'library' })
  const [query, setQuery] = useState('')
  const debouncedQuery = useDebouncedValue(query, SEARCH_DEBOUNCE_MS)
  const searching = query.trim() !== ''

  const total = useMemo(() => timeline.data?.reduce((sum, m) => sum + m.count, 0) ?? null, [timeline.data])
  const failures = stats.data ? stats.data.totals.dead : 0

  const openViewer = useCallback((index: number) => setViewer({ kind: 'timeline', index }), [])
  const navigateTimeline = useCallback((index: number) => {
    setViewer({ kind: 'timeline', index })
    grid.current?.scrollToAsset(index)
  }, [])
  const navigateList = useCallback((index: number) => setViewer((v) => (v?.kind === 'list' ? { ...v, index } : v)), [])
  const closeViewer = useCallback(() => setViewer(null), [])
  const openPhotos = useCallback((assets: AssetSummary[], index: number) => setViewer({ kind: 'list', assets, index }), [])
  const toggleActivity = useCallback(() => setActivityOpen((open) => !open), [])
  const clearSearch = useCallback(() => setQuery(''), [])
  // Moving to another screen leaves the search: results would otherwise keep covering it.
  const navigate = useCallback((next: Route) => {
    setQuery('')
    setRoute(next)
  }, [])
  const search = useCallback((text: string) => {
    setRoute({ name: 'library' })
    setQuery(text)
  }, [])
  // A view toggle shows the library (not a search or another screen) in that view.
  const showLibraryView = useCallback(
    (view: TimelineView) => {
      setViewer(null)
      navigate({ name: 'library' })
      onLibraryView(view)
    },
    [navigate, onLibraryView],
  )
  const navigation = useMemo<Navigation>(() => ({ route, navigate, search, openPhotos }), [route, navigate, search, openPhotos])
  const { chooseFolder } = addFolder

  if (isUnauthorized(timeline.error)) return <AuthRequired />

  let content
  if (searching) content = <SearchResults text={debouncedQuery} typing={debouncedQuery !== query} onOpen={openPhotos} />
  else if (route.name === 'people') content = <PeopleScreen />
  else if (route.name === 'albums') content = <AlbumsScreen key={route.folderId ?? 0} folderId={route.folderId ?? null} />
  else if (route.name === 'album') content = <AlbumPage key={route.albumId} albumId={route.albumId} />
  else if (route.name === 'events') content = <EventsScreen />
  else if (route.name === 'event') content = <EventPage key={route.eventId} eventId={route.eventId} />
  else if (route.name === 'map') content = <MapScreen key={route.focus ? `${route.focus.lat},${route.focus.lon}` : ''} focus={route.focus} />
  else if (route.name === 'person') content = <PersonPage personId={route.personId} />
  else if (route.name === 'models') content = <ModelsScreen />
  else if (route.name === 'settings') content = <SettingsScreen />
  else if (route.name === 'duplicates') content = <DuplicatesScreen />
  else if (route.name === 'trash') content = <TrashScreen />
  else if (route.name === 'similar') content = <SimilarResults assetId={route.assetId} onBack={() => navigate({ name: 'library' })} onOpen={openPhotos} />
  else if (timeline.isPending) content = <div className="center muted">Loading library…</div>
  else if (timeline.isError)
    content = (
      <div className="center" data-testid="load-error">
        <p className="error-text">Could not load the library: {errorText(timeline.error)}</p>
        <button type="button" className="button" onClick={() => void timeline.refetch()}>
          Try again
        </button>
      </div>
    )
  else if (total === 0 && libraryView !== 'all')
    content = (
      <div className="center muted" data-testid="view-empty">
        {libraryView === 'favorites' ? 'No favourites yet: select photos and choose Favourite, or press F in the viewer.' : 'No hidden photos.'}
      </div>
    )
  else if (total === 0)
    content = <EmptyState hasFolders={(roots.data?.length ?? 0) > 0} busy={isBusy(stats.data)} onAddFolder={chooseFolder} />
  else content = <LibraryView key={libraryView} ref={grid} months={timeline.data} total={total ?? 0} onOpen={openViewer} />

  return (
    <NavigationProvider value={navigation}>
      <div className="app">
        <Toolbar
          search={<SearchBar value={query} onChange={search} onClear={clearSearch} />}
          photoCount={total}
          failures={failures}
          activityOpen={activityOpen}
          addingFolder={addFolder.busy}
          progress={<ProgressIndicator progress={progress} onClick={() => setActivityOpen(true)} />}
          views={<ViewToggles view={libraryView} onChange={showLibraryView} />}
          onAddFolder={chooseFolder}
          onToggleActivity={toggleActivity}
        />
        <div className="app-body">
          <RootsPanel photoCount={total} route={route} searching={searching} onNavigate={navigate} onAddFolder={chooseFolder} />
          <main className="content">{content}</main>
          {activityOpen ? <ActivityPanel stats={stats.data} progress={progress} onClose={() => setActivityOpen(false)} /> : null}
        </div>
        {viewer?.kind === 'timeline' && total !== null && viewer.index < total ? (
          <Viewer index={viewer.index} total={total} onNavigate={navigateTimeline} onClose={closeViewer} />
        ) : null}
        {viewer?.kind === 'list' && viewer.index < viewer.assets.length ? (
          <ListViewer assets={viewer.assets} index={viewer.index} onNavigate={navigateList} onClose={closeViewer} />
        ) : null}
        <DropZone onDropFiles={addFolder.dropFiles} />
        <ExportToasts />
        {addFolder.dialog ? <AddFolderDialog hint={addFolder.dialog.hint} onClose={addFolder.closeDialog} /> : null}
      </div>
    </NavigationProvider>
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
