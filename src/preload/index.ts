// The only bridge between the sandboxed renderer and main: invoke/on for contract names, nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { CALL_NAMES, faceMediaId, mediaById, type PhotoHouseApi } from '../shared/contract'
import { EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/events'

const callNames = new Set<string>(CALL_NAMES)
const eventNames = new Set<string>(EVENT_NAMES)

const api: PhotoHouseApi = {
  invoke: (async (name: string, input: unknown) => {
    if (!callNames.has(name)) throw new Error(`Unknown call: ${name}`)
    const reply = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input)) as
      | { ok: true; value: unknown }
      | { ok: false; error: { code: string; message: string } }
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
    return reply.value
  }) as PhotoHouseApi['invoke'],
  on: ((event: string, listener: (payload: unknown) => void) => {
    if (!eventNames.has(event)) throw new Error(`Unknown event: ${event}`)
    const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => ipcRenderer.off(IPC_EVENT_CHANNEL, handler)
  }) as PhotoHouseApi['on'],
  mediaUrl: (kind, asset) => `photohouse://media/${kind}/${mediaById(kind) ? asset.id : asset.sha256}`,
  faceUrl: (face) => `photohouse://media/face/${faceMediaId(face)}`,
}

contextBridge.exposeInMainWorld('photohouse', api)
// Dropped folders: the renderer needs their paths, which sandboxed pages cannot read themselves.
contextBridge.exposeInMainWorld('photohouseShell', { pathForFile: (file: File) => webUtils.getPathForFile(file) })
