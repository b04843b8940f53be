export { Viewer } from './Viewer'
export { ListViewer } from './ListViewer'
export { ViewerFrame } from './ViewerFrame'
