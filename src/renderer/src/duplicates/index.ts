export { DuplicatesScreen } from './DuplicatesScreen'
export { DuplicateSettingsForm } from './DuplicateSettingsForm'
