export { ModelsScreen } from './ModelsScreen'
