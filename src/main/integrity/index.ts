export { createIntegrityService, type IntegrityService, type IntegrityRepairs } from './integrity.service'
