// The Electron shell, with electron mocked: the binary cannot run here, but what the shell asks of
// Electron (window security options, IPC guard, media protocol) can be checked.
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { copyInto, REAL_PHOTOS, tempDir } from './testing/fixtures'

const dir = tempDir()
const photos = join(dir.path, 'photos')
copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
copyInto(REAL_PHOTOS.fruits, join(dir.path, 'outside', 'fruits.jpg'))
process.env.PHOTOHOUSE_LIBRARY = join(dir.path, 'library')

const captured = vi.hoisted(() => ({
  windowOptions: undefined as undefined | { webPreferences: Record<string, unknown> },
  invoke: undefined as undefined | ((event: unknown, name: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>),
  protocol: undefined as undefined | ((req: { url: string }) => Promise<{ status: number }>),
  fetched: [] as string[],
  webContents: { send: () => {}, setWindowOpenHandler: () => {}, on: () => {}, mainFrame: {} },
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = captured.webContents
    constructor(options: { webPreferences: Record<string, unknown> }) {
      captured.windowOptions = options
    }
    loadFile = async () => {}
    loadURL = async () => {}
  }
  const app = {
    requestSingleInstanceLock: () => true,
    whenReady: async () => {},
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
    protocol: { registerSchemesAsPrivileged: () => {}, handle: (_scheme: string, fn: typeof captured.protocol) => (captured.protocol = fn) },
    net: { fetch: async (url: string) => (captured.fetched.push(url), { status: 200 }) },
    session: { defaultSession: { setPermissionRequestHandler: () => {} } },
    shell: { openExternal: async () => {} },
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
    expect(captured.windowOptions!.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
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
    expect((await captured.protocol!({ url: `photohouse://media/original/${page[0]!.id}` })).status).toBe(200)
    expect((await captured.protocol!({ url: `photohouse://media/grid/${page[0]!.sha256}` })).status).toBe(200)
    expect(captured.fetched[0]).toMatch(/^file:.*photos\/nikon\.jpg$/)
    expect(captured.fetched[1]).toMatch(/^file:.*-grid\.webp$/)
  })
})
