export { SmartAlbumDialog } from './SmartAlbumDialog'
export { RuleBuilder } from './RuleBuilder'
