// The Electron shell, with electron mocked: the binary cannot run here, but what the shell asks of
// Electron (window security options, IPC guard, media protocol) can be checked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { copyInto, REAL_PHOTOS, tempDir } from './testing/fixtures'

const dir = tempDir()
const photos = join(dir.path, 'photos')
// Stands in for out/renderer, which a checkout has only after a build.
const builtRenderer = join(dir.path, 'renderer')
mkdirSync(builtRenderer, { recursive: true })
writeFileSync(join(builtRenderer, 'index.html'), '<!doctype html><title>PhotoHouse</title>')
copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
copyInto(REAL_PHOTOS.fruits, join(dir.path, 'outside', 'fruits.jpg'))
process.env.PHOTOHOUSE_LIBRARY = join(dir.path, 'library')
// The packaged app's case (electron-vite's dev server sets this while developing).
delete process.env.ELECTRON_RENDERER_URL

type NavigationEvent = { url: string; preventDefault(): void }
type PermissionCheck = (wc: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean
type PermissionRequest = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void

const captured = vi.hoisted(() => ({
  windowOptions: undefined as undefined | { webPreferences: Record<string, unknown> },
  invoke: undefined as undefined | ((event: unknown, name: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>),
  protocol: undefined as undefined | ((req: { url: string }) => Promise<Response | { status: number }>),
  schemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handledScheme: undefined as undefined | string,
  sandboxEnabled: false,
  loadedUrls: [] as string[],
  loadedFiles: [] as string[],
  permissionCheck: undefined as undefined | PermissionCheck,
  permissionRequest: undefined as undefined | PermissionRequest,
  windowOpen: undefined as undefined | ((details: { url: string }) => { action: string }),
  listeners: new Map<string, (event: NavigationEvent) => void>(),
  openedExternally: [] as string[],
  fetched: [] as string[],
  webContents: {} as Record<string, unknown>,
  rendererDirs: new Set<string>(),
}))
captured.webContents = {
  send: () => {},
  setWindowOpenHandler: (fn: typeof captured.windowOpen) => (captured.windowOpen = fn),
  on: (event: string, fn: (event: NavigationEvent) => void) => captured.listeners.set(event, fn),
  mainFrame: {},
}

// The real serveUi, reading the fixture folder; the folder the shell asked for is recorded.
vi.mock('./transport/app-scheme', async (importOriginal) => {
  const real = await importOriginal<typeof import('./transport/app-scheme')>()
  return {
    ...real,
    serveUi: (rendererDir: string, pathname: string) => {
      captured.rendererDirs.add(rendererDir)
      return real.serveUi(builtRenderer, pathname)
    },
  }
})

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = captured.webContents
    constructor(options: { webPreferences: Record<string, unknown> }) {
      captured.windowOptions = options
    }
    loadFile = async (file: string) => void captured.loadedFiles.push(file)
    loadURL = async (url: string) => void captured.loadedUrls.push(url)
  }
  const app = {
    requestSingleInstanceLock: () => true,
    whenReady: async () => {},
    enableSandbox: () => (captured.sandboxEnabled = true),
    getPath: () => join(dir.path, 'userData'),
    on: () => {},
    quit: () => {},
    exit: () => {},
    removeAllListeners: () => {},
  }
  return {
    app,
    BrowserWindow,
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: (_t: string, m: string) => console.error(m) },
    ipcMain: { handle: (_channel: string, fn: typeof captured.invoke) => (captured.invoke = fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof captured.schemes) => captured.schemes.push(...schemes),
      handle: (scheme: string, fn: typeof captured.protocol) => {
        captured.handledScheme = scheme
        // Electron hands the handler a Request: its headers (a <video>'s Range) are always there.
        captured.protocol = (req) => fn!({ headers: new Headers(), ...req } as typeof req)
      },
    },
    // The shell answers media itself (Electron's file loader ignores Range): net.fetch must not be used.
    net: { fetch: async (url: string) => (captured.fetched.push(url), { status: 200 }) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: PermissionRequest) => (captured.permissionRequest = fn),
        setPermissionCheckHandler: (fn: PermissionCheck) => (captured.permissionCheck = fn),
      },
    },
    shell: { openExternal: async (url: string) => void captured.openedExternally.push(url) },
    // Inference is not exercised here (the host and its worker have their own tests).
    utilityProcess: {
      fork: () => {
        throw new Error('no utility process in this test')
      },
    },
  }
})

afterAll(() => dir.cleanup())

describe('Electron shell', () => {
  it('opens a sandboxed, context-isolated window without node integration', async () => {
    await import('./index')
    await vi.waitFor(() => expect(captured.windowOptions).toBeDefined())
    expect(captured.windowOptions!.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true })
    expect(String(captured.windowOptions!.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/)
  })

  it('validates IPC calls and answers only its own window', async () => {
    const own = { sender: captured.webContents, senderFrame: captured.webContents.mainFrame }
    expect(await captured.invoke!({ sender: {}, senderFrame: {} }, 'assets.timeline', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await captured.invoke!(own, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } })
    expect(await captured.invoke!(own, 'assets.page', { offset: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await captured.invoke!(own, 'dialog.pickFolders', {})).toEqual({ ok: true, value: { supported: true, paths: [] } })
    const added = await captured.invoke!(own, 'roots.add', { paths: [photos] })
    expect(added.ok).toBe(true)
  })

  it('serves media only for library files', async () => {
    const info = (await captured.invoke!({ sender: captured.webContents, senderFrame: captured.webContents.mainFrame }, 'roots.list', {})) as {
      value: { id: number }[]
    }
    expect(info.value).toHaveLength(1)
    expect((await captured.protocol!({ url: 'photohouse://media/original/424242' })).status).toBe(404)
    expect((await captured.protocol!({ url: 'photohouse://media/grid/' + '0'.repeat(64) })).status).toBe(404)
    expect((await captured.protocol!({ url: 'photohouse://elsewhere/original/1' })).status).toBe(404)
    expect(captured.fetched).toEqual([])
    const own = { sender: captured.webContents, senderFrame: captured.webContents.mainFrame }
    const page = await vi.waitFor(
      async () => {
        const r = (await captured.invoke!(own, 'assets.page', { offset: 0, limit: 10 })) as { value: { id: number; sha256: string }[] }
        expect(r.value).toHaveLength(1)
        return r.value
      },
      { timeout: 20_000, interval: 100 },
    )
    const original = (await captured.protocol!({ url: `photohouse://media/original/${page[0]!.id}` })) as Response
    expect(original.status).toBe(200)
    expect(original.headers.get('content-type')).toBe('image/jpeg')
    expect(original.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await original.arrayBuffer()).equals(readFileSync(join(photos, 'nikon.jpg')))).toBe(true)
    const grid = (await captured.protocol!({ url: `photohouse://media/grid/${page[0]!.sha256}` })) as Response
    expect(grid.status).toBe(200)
    expect(grid.headers.get('content-type')).toBe('image/webp')
    expect(grid.headers.get('cache-control')).toContain('immutable')
    expect(captured.fetched).toEqual([])
  })

  it('answers byte ranges itself, as a <video> needs to seek (Electron\'s file loader ignores Range)', async () => {
    const own = { sender: captured.webContents, senderFrame: captured.webContents.mainFrame }
    const page = (await captured.invoke!(own, 'assets.page', { offset: 0, limit: 10 })) as { value: { id: number }[] }
    const url = `photohouse://media/original/${page.value[0]!.id}`
    const bytes = readFileSync(join(photos, 'nikon.jpg'))
    const ask = async (range: string) => (await captured.protocol!({ url, headers: new Headers({ range }) } as { url: string })) as Response
    const middle = await ask('bytes=100-199')
    expect(middle.status).toBe(206)
    expect(middle.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`)
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)
    const tail = await ask('bytes=-10')
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true)
    const open = await ask(`bytes=${bytes.length - 5}-`)
    expect(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(bytes.length - 5))).toBe(true)
    const beyond = await ask(`bytes=${bytes.length}-`)
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
    expect(captured.fetched).toEqual([])
  })

  it('loads the UI from its own privileged scheme, not file://', () => {
    expect(captured.sandboxEnabled).toBe(true)
    expect(captured.schemes).toEqual([{ scheme: 'photohouse', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    expect(captured.handledScheme).toBe('photohouse')
    expect(captured.loadedUrls).toEqual(['photohouse://app/index.html'])
    expect(captured.loadedFiles).toEqual([])
  })

  it('serves the built UI folder only, with a CSP limited to its own origin', async () => {
    const fetchedBefore = captured.fetched.length
    for (const url of ['photohouse://app/..%2F..%2Fpackage.json', 'photohouse://app/%2E%2E/%2E%2E/package.json', 'photohouse://app/%ZZ', 'photohouse://app/nope.js']) {
      expect((await captured.protocol!({ url })).status, url).toBeGreaterThanOrEqual(400)
    }
    expect(captured.fetched).toHaveLength(fetchedBefore)
    const page = (await captured.protocol!({ url: 'photohouse://app/index.html' })) as Response
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>PhotoHouse</title>')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("connect-src 'self';")
    expect(csp).toContain("img-src 'self' data: blob: photohouse://media; media-src photohouse://media;")
    expect([...captured.rendererDirs]).toEqual([expect.stringMatching(/out[\\/]renderer$/)])
  })

  it('grants only the clipboard write the UI uses, and only to the UI', () => {
    const check = captured.permissionCheck!
    expect(check(null, 'clipboard-sanitized-write', 'photohouse://app', {})).toBe(true)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb']) {
      expect(check(null, permission, 'photohouse://app', {}), permission).toBe(false)
    }
    for (const origin of ['https://www.openstreetmap.org', 'photohouse://media', 'file://', 'http://127.0.0.1:5173', 'null']) {
      expect(check(null, 'clipboard-sanitized-write', origin, {}), origin).toBe(false)
    }
    const request = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined
      captured.permissionRequest!(null, permission, (g) => (granted = g), { requestingUrl })
      return granted
    }
    expect(request('clipboard-sanitized-write', 'photohouse://app/index.html')).toBe(true)
    expect(request('media', 'photohouse://app/index.html')).toBe(false)
    expect(request('notifications', 'photohouse://app/index.html')).toBe(false)
    expect(request('clipboard-sanitized-write', 'https://example.com/')).toBe(false)
  })

  it('never leaves the UI: navigation elsewhere is stopped, windows are never opened', () => {
    const navigate = (event: string, url: string) => {
      let prevented = false
      captured.listeners.get(event)!({ url, preventDefault: () => (prevented = true) })
      return prevented
    }
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'photohouse://media/original/1', 'http://127.0.0.1:1234/', 'javascript:alert(1)']) {
        expect(navigate(event, url), `${event} ${url}`).toBe(true)
      }
      expect(navigate(event, 'photohouse://app/index.html'), event).toBe(false)
    }
    expect(navigate('will-attach-webview', 'photohouse://app/index.html')).toBe(true)

    expect(captured.windowOpen!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(captured.windowOpen!({ url: 'photohouse://app/index.html' })).toEqual({ action: 'deny' })
    expect(captured.openedExternally).toEqual([])
    expect(captured.windowOpen!({ url: 'https://www.openstreetmap.org/?mlat=1&mlon=2' })).toEqual({ action: 'deny' })
    expect(captured.openedExternally).toEqual(['https://www.openstreetmap.org/?mlat=1&mlon=2'])
  })
})
