export { createPeopleService, PeopleInputError, type PeopleService } from './people.service'
export { clusteringOptionsFor } from './clustering'
