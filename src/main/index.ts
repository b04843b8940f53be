// The Electron shell: window, media protocol, dialogs, IPC wiring. Everything else is createApp().
import { app as electronApp, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, EVENT_NAMES } from '../shared/events'
import { createApp } from './app'
import { fromUtilityProcess } from './ml'
import { appRoot } from './platform/app-root'
import { defaultLibraryDir } from './platform/paths'
import { createContractHandlers } from './transport/handlers'
import { createDispatcher, toWireError } from './transport/dispatcher'
import { MEDIA_KINDS, resolveMedia, type MediaKind } from './transport/media'

protocol.registerSchemesAsPrivileged([{ scheme: 'photohouse', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])

function libraryDirFromArgs(): string {
  const i = process.argv.indexOf('--library')
  const fromArg = i >= 0 ? process.argv[i + 1] : undefined
  return fromArg ?? defaultLibraryDir()
}

async function main(): Promise<void> {
  if (!electronApp.requestSingleInstanceLock()) return electronApp.quit()
  await electronApp.whenReady()
  const resourcesDir = electronApp.isPackaged ? process.resourcesPath : join(appRoot(), 'resources')
  const core = createApp({
    libraryDir: libraryDirFromArgs(),
    watch: true,
    resourcesDir,
    // onnxruntime runs in a utility process: a crash there never takes the window down.
    inference: {
      spawn: () => fromUtilityProcess(utilityProcess.fork(join(appRoot(), 'out', 'main', 'inference-worker.js'), [], { serviceName: 'PhotoHouse inference' })),
    },
  })
  core.start()

  let window: BrowserWindow | null = null
  const dispatch = createDispatcher(
    createContractHandlers(core, {
      mode: 'electron',
      pickFolders: async () => {
        const options: Electron.OpenDialogOptions = { properties: ['openDirectory', 'multiSelections'], title: 'Add folders to PhotoHouse' }
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? [] : result.filePaths
      },
    }),
  )

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    // Only our own window's top frame may call in.
    if (!window || event.sender !== window.webContents || event.senderFrame !== window.webContents.mainFrame) {
      return { ok: false, error: { code: 'forbidden', message: 'not allowed' } }
    }
    try {
      return { ok: true, value: (await dispatch(String(name), input)) ?? null }
    } catch (error) {
      const wire = toWireError(error)
      return { ok: false, error: { code: wire.code, message: wire.message } }
    }
  })
  for (const event of EVENT_NAMES) {
    core.events.on(event, (payload) => window?.webContents.send(IPC_EVENT_CHANNEL, { event, payload }))
  }

  protocol.handle('photohouse', async (request) => {
    const url = new URL(request.url)
    const [kind, id] = url.pathname.replace(/^\/+/, '').split('/')
    if (url.host !== 'media' || !kind || !id || !MEDIA_KINDS.includes(kind as MediaKind)) return new Response('not found', { status: 404 })
    const media = await resolveMedia(core, kind as MediaKind, decodeURIComponent(id))
    if (!media) return new Response('not found', { status: 404 })
    return net.fetch(pathToFileURL(media.path).toString())
  })

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

  window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'PhotoHouse',
    backgroundColor: '#15171a',
    webPreferences: {
      preload: join(appRoot(), 'out', 'preload', 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  // Links (a photo's place on the map) open in the user's browser, never inside the app window.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://www.openstreetmap.org/')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (e) => e.preventDefault())
  if (process.env.ELECTRON_RENDERER_URL) await window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else await window.loadFile(join(appRoot(), 'out', 'renderer', 'index.html'))

  electronApp.on('window-all-closed', () => electronApp.quit())
  electronApp.on('before-quit', (e) => {
    e.preventDefault()
    electronApp.removeAllListeners('before-quit')
    void core.close().finally(() => electronApp.quit())
  })
}

main().catch((error: unknown) => {
  dialog.showErrorBox('PhotoHouse could not start', error instanceof Error ? error.message : String(error))
  electronApp.exit(1)
})
