// What the preload script exposes to the renderer. In a plain browser (loopback server) both are
// undefined and the renderer talks HTTP + WebSocket instead.
import type { PhotoHouseApi } from '../shared/contract'

/**
 * Shell-only helpers that are not part of the call contract. `pathForFile` wraps Electron's
 * `webUtils.getPathForFile` (File.path is gone in modern Electron), so a dropped folder can be added.
 */
export interface PhotoHouseShell {
  pathForFile?(file: File): string
}

declare global {
  interface Window {
    photohouse?: PhotoHouseApi
    photohouseShell?: PhotoHouseShell
  }
}
