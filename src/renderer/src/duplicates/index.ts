export { DuplicatesScreen } from './DuplicatesScreen'
export { DuplicateSettingsForm } from './DuplicateSettingsForm'
export { StackBadge } from './StackBadge'
