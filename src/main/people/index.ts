export { createPeopleService, PeopleInputError, type PeopleService } from './people.service'
