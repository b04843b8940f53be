export { EventsScreen } from './EventsScreen'
export { EventPage } from './EventPage'
export { useEventList, eventKeys } from './hooks'
