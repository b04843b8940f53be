export { RootsPanel } from './RootsPanel'
