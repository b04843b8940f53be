export { openDatabase, type Db } from './connection'
export { assertCurrentVersion, loadMigrations, migrate, CatalogNeedsUpgradeError, CatalogTooNewError, type Migration } from './migrate'
export { createAssetsRepository, monthOf, REMOVED, UNREADABLE_NAME, type AssetsRepository, type AssetMetadataUpdate, type KnownLocation, type ListingOptions, type CurationFlags } from './assets.repository'
export { createRootsRepository, type RootsRepository } from './roots.repository'
export { createTasksRepository, emptyStateCounts, type TasksRepository, type NewTask, type ClaimedTask } from './tasks.repository'
export { createSearchRepository, type SearchRepository, type SearchFilters, type RankedAsset, type TextSourceRow } from './search.repository'
export { createAnalysisRepository, type AnalysisRepository, type AnalysisStage } from './analysis.repository'
export {
  createPeopleRepository,
  type PeopleRepository,
  type NewFace,
  type FaceForClustering,
  type FaceAssignmentState,
  type ClusteringScope,
} from './people.repository'
export { createSettingsRepository, type SettingsRepository } from './settings.repository'
export { createUndoRepository, UNDO_STEPS_KEPT, type UndoRepository, type UndoOp, type UndoStepRow } from './undo.repository'
export { createAlbumsRepository, pathRangeUnder, smartRuleOf, type AlbumsRepository, type AlbumRow, type AlbumMember, type AlbumListing } from './albums.repository'
export { createSmartAlbumsRepository, externalKey, wallClockNow, type SmartAlbumsRepository, type SmartContext } from './smart-albums.repository'
export { createDuplicatesRepository, type DuplicatesRepository, type DuplicateCandidate, type DuplicateFacts, type FaceForMerge } from './duplicates.repository'
export { createTrashRepository, type TrashRepository, type TrashedFile } from './trash.repository'
export { createEditsRepository, type EditsRepository, type EditSnapshot, type PlaceNames } from './edits.repository'
export { createStacksRepository, type StacksRepository, type StackKind, type StackRow, type BurstCandidate } from './stacks.repository'
export {
  createPhotoEventsRepository,
  type PhotoEventsRepository,
  type EventPoint,
  type StoredEvent,
  type EventRow,
  type EventWrite,
  type EventEditRow,
  type EventEditsSnapshot,
} from './photo-events.repository'
export { createBackupRepository, type BackupRepository } from './backup.repository'
export { createIntegrityRepository, type IntegrityRepository, type CheckedLocation } from './integrity.repository'
export { createSidecarsRepository, type SidecarsRepository, type SidecarAsset, type StoredRegion } from './sidecars.repository'
export { createMemoriesRepository, type MemoriesRepository, type DayPhoto } from './memories.repository'
export { createMapRepository, type MapRepository } from './map.repository'
export { createThemesRepository, type ThemesRepository, type ThemeWrite, type ThemeRow } from './themes.repository'
export { createVideosRepository, type VideosRepository, type VideoFacts, type StoredVideo, type StoredKeyframe } from './videos.repository'
export { createMotionRepository, type MotionRepository, type StoredMotion, type StoredMotionKind } from './motion.repository'
export { createExportRepository, type ExportRepository, type ExportFileRow } from './export.repository'
