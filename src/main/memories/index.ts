export { createMemoriesService, localDate, type MemoriesService, type MemoriesDeps } from './memories.service'
