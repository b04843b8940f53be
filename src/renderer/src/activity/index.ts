export { ActivityPanel } from './ActivityPanel'
export { ProgressIndicator } from './ProgressIndicator'
export { useBatchProgress } from './use-batch-progress'
