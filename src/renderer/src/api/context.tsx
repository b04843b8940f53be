import { createContext, useContext, type ReactNode } from 'react'
import type { PhotoHouseApi } from '../../../shared/contract'

const ApiContext = createContext<PhotoHouseApi | null>(null)

export function ApiProvider({ api, children }: { api: PhotoHouseApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

export function useApi(): PhotoHouseApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi must be used inside <ApiProvider>')
  return api
}
