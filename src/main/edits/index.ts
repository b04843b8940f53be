export { createEditsService, type EditsService, type EditsServiceDeps, type DateEdit, type PlaceEdit } from './edits.service'
