// Which screen is showing, and the few ways deep components move the user elsewhere (a face's name
// opens its person, a tag chip searches for it, "Find similar" lists look-alikes).
import { createContext, useContext } from 'react'
import type { AssetSummary } from '../../../shared/domain'

export type Route =
  | { name: 'library' }
  | { name: 'people' }
  | { name: 'person'; personId: number }
  | { name: 'models' }
  | { name: 'settings' }
  | { name: 'similar'; assetId: number }
  /** Albums at the top level, or inside an album folder. */
  | { name: 'albums'; folderId?: number }
  | { name: 'album'; albumId: number }
  /** Events (the library cut by time and place), and one event's page. */
  | { name: 'events' }
  | { name: 'event'; eventId: number }
  /** Photos with a place on a map; `focus` opens it at one place (the viewer's "Show on map"). */
  | { name: 'map'; focus?: { lat: number; lon: number } }
  | { name: 'duplicates' }
  | { name: 'trash' }

export interface Navigation {
  route: Route
  navigate(route: Route): void
  /** Puts text in the search bar (results replace the grid). */
  search(text: string): void
  /** Opens the viewer on a list of photos (←/→ stay within it). */
  openPhotos(assets: AssetSummary[], index: number): void
}

const NavigationContext = createContext<Navigation | null>(null)
export const NavigationProvider = NavigationContext.Provider

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext)
  if (!navigation) throw new Error('useNavigation must be used inside <NavigationProvider>')
  return navigation
}
