// The Electron shell: window, media protocol, dialogs, IPC wiring. Everything else is createApp().
import { app as electronApp, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron'
import { join } from 'node:path'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, EVENT_NAMES } from '../shared/events'
import { createApp } from './app'
import { fromUtilityProcess } from './ml'
import { appRoot } from './platform/app-root'
import { defaultLibraryDir } from './platform/paths'
import { createContractHandlers } from './transport/handlers'
import { APP_ORIGIN, APP_SCHEME, serveUi } from './transport/app-scheme'
import { createDispatcher, toWireError } from './transport/dispatcher'
import { fileToResponse, sliceToResponse } from './transport/file-response'
import { MEDIA_KINDS, namedById, resolveMedia, resolveMotion, type MediaKind } from './transport/media'

// One privileged scheme: photohouse://app/ serves the UI (its own origin, instead of file://, which
// would share one with every local file), photohouse://media/ the photos.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])
// Every renderer sandboxed, whatever options a window is created with.
electronApp.enableSandbox()

/**
 * What the UI may use. It copies recognised text to the clipboard (OcrPanel); nothing else (camera,
 * notifications, geolocation, fullscreen...) is granted, to the UI or to anything else.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])
/** Links the UI opens, in the user's browser: a photo's place on the map. */
const EXTERNAL_LINK = 'https://www.openstreetmap.org/'

/** scheme://host[:port]. (URL.origin is "null" for photohouse: Node does not know it is standard.) */
function originOf(url: string): string | null {
  try {
    const u = new URL(url)
    return u.host ? `${u.protocol}//${u.host}` : null
  } catch {
    return null
  }
}

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
      // "Delete the files too" in the Trash screen: the platform's own trash (recoverable there).
      trashItem: (path) => shell.trashItem(path),
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

  const rendererDir = join(appRoot(), 'out', 'renderer')
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host === 'app') return serveUi(rendererDir, url.pathname)
    const [kind, id] = url.pathname.replace(/^\/+/, '').split('/')
    if (url.host !== 'media' || !kind || !id || !MEDIA_KINDS.includes(kind as MediaKind)) return new Response('not found', { status: 404 })
    let mediaId: string
    try {
      mediaId = decodeURIComponent(id)
    } catch {
      return new Response('bad url', { status: 400 })
    }
    // Answered here with byte ranges (a <video> seeks by them), not by net.fetch(file://…), whose file
    // loader ignores Range: see file-response.ts.
    const range = request.headers.get('range')
    if (kind === 'motion') {
      // A live photo's MOV or a motion photo's MP4 (a byte range of its JPEG).
      const source = await resolveMotion(core, mediaId)
      if (!source) return new Response('not found', { status: 404 })
      return sliceToResponse(source, range, { 'cache-control': 'private, max-age=60' })
    }
    const media = await resolveMedia(core, kind as MediaKind, mediaId)
    if (!media) return new Response('not found', { status: 404 })
    // Thumbnails and crops are named by their content, so they never change; a file named by id may.
    const cache = namedById(kind as MediaKind) ? 'private, max-age=60' : 'private, max-age=31536000, immutable'
    return fileToResponse(media.path, media.contentType, range, { 'cache-control': cache })
  })

  // The UI's own origin: photohouse://app, or electron-vite's dev server while developing.
  const uiUrl = process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`
  const uiOrigin = originOf(uiUrl)
  const fromUi = (url: string | undefined) => url !== undefined && uiOrigin !== null && originOf(url) === uiOrigin
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(GRANTED_PERMISSIONS.has(permission) && fromUi(details.requestingUrl)),
  )
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) => GRANTED_PERMISSIONS.has(permission) && fromUi(requestingOrigin))

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
  // Links (a photo's place on the map) open in the user's browser, never inside the app: no window
  // is ever opened, and the window never leaves the UI's origin (a reload stays, anything else is
  // stopped, including redirects and subframes).
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith(EXTERNAL_LINK)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const stayOnUi = (event: { url: string; preventDefault(): void }) => {
    if (!fromUi(event.url)) event.preventDefault()
  }
  window.webContents.on('will-navigate', stayOnUi)
  window.webContents.on('will-frame-navigate', stayOnUi)
  window.webContents.on('will-redirect', stayOnUi)
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  await window.loadURL(uiUrl)

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
