export { createPhotoEventsService, eventListing, matchEvents, type EventQuery, type PhotoEventsService, type PhotoEventsDeps, type PhotoEventListing } from './photo-events.service'
export { segment, findHome, comparePoints, distanceKm, SEGMENT_PARAMS, type SegmentPoint, type SegmentEdits } from './segment'
export { eventTitle, eventPlace, eventDates } from './title'
