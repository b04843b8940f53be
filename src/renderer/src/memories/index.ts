export { OnThisDayStrip } from './OnThisDayStrip'
export { localDate } from './hooks'
