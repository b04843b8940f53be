import type { PhotoHouseApi } from '../../../shared/contract'
import { createHttpApi } from './http-client'

let instance: PhotoHouseApi | null = null

/** The preload's API inside Electron, otherwise an HTTP client to the loopback server we were served by. */
export function getApi(): PhotoHouseApi {
  instance ??= window.photohouse ?? createHttpApi()
  return instance
}

/** Electron's preload may offer a way to turn a dropped File into its path; browsers never do. */
export function pathForDroppedFile(file: File): string | null {
  const pathForFile = window.photohouseShell?.pathForFile
  if (!pathForFile) return null
  try {
    return pathForFile(file) || null
  } catch {
    return null
  }
}

export function canResolveDroppedPaths(): boolean {
  return typeof window.photohouseShell?.pathForFile === 'function'
}
