export { createUndoService, NotLatestStepError, type UndoService, type UndoApplier } from './undo.service'
export { createFlagsService, type FlagsService } from './flags.service'
