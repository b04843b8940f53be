export { PeopleScreen } from './PeopleScreen'
export { PersonPage } from './PersonPage'
