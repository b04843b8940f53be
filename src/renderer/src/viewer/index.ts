export { Viewer } from './Viewer'
export { ListViewer } from './ListViewer'
