export { createSidecarsService, sidecarPath, type SidecarsService } from './sidecars.service'
