export * from './domain'
export * from './contract'
export * from './events'
