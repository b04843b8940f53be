export { createTrashService, type TrashService, type TrashServiceDeps } from './trash.service'
