export { TrashScreen } from './TrashScreen'
