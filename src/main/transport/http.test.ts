import { symlinkSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faceMediaId } from '../../shared/contract'
import { createApp, type PhotoHouseApp } from '../app'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher } from './dispatcher'
import { createContractHandlers } from './handlers'
import { startHttpServer } from './http'

describe('loopback HTTP transport', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const removedFolder = join(dir.path, 'removed')
  const outside = join(dir.path, 'outside.jpg')
  const renderer = join(dir.path, 'renderer')
  let app: PhotoHouseApp
  let server: Awaited<ReturnType<typeof startHttpServer>>
  let base: string
  let origin: string

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
    copyInto(REAL_PHOTOS.baboon, outside)
    copyInto(REAL_PHOTOS.baboon, join(renderer, 'index.html'))
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>PhotoHouse</title>')
    app = createApp({ libraryDir: join(dir.path, 'library'), log: () => {} })
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    server = await startHttpServer({ app, dispatch: createDispatcher(createContractHandlers(app, { mode: 'browser' })), rendererDir: renderer })
    base = `http://127.0.0.1:${server.port}`
    origin = base
  })
  afterAll(async () => {
    await server.close()
    await app.close()
    dir.cleanup()
  })

  const call = (name: string, body: unknown, token: string | null = server.token) =>
    fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...(token ? { 'x-photohouse-token': token } : {}) },
      body: JSON.stringify(body),
    })

  /** A request with exactly these headers (fetch would add or refuse some, such as Host). */
  const raw = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
      })
      req.on('error', reject)
      req.end(body)
    })
  /** What the browser sends for the page's own fetch('/api/...'): the cookie and its own Origin. */
  const browserCall = (name: string, body: string, headers: Record<string, string> = {}) =>
    raw('POST', `/api/${name}`, { cookie: `ph_token=${server.token}`, origin, 'content-type': 'application/json', ...headers }, body)

  it('refuses calls without the token', async () => {
    expect((await call('assets.timeline', {}, null)).status).toBe(401)
    expect((await call('assets.timeline', {}, 'f'.repeat(48))).status).toBe(401)
  })

  it('exchanges the URL token for an HttpOnly cookie', async () => {
    const res = await fetch(server.url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toMatch(/ph_token=.*HttpOnly; SameSite=Strict/)
  })

  it('answers contract calls and validates their input with zod', async () => {
    const ok = (await (await call('assets.page', { offset: 0, limit: 10 })).json()) as { ok: boolean; value: { id: number }[] }
    expect(ok.ok).toBe(true)
    expect(ok.value).toHaveLength(1)

    const bad = await call('assets.page', { offset: -1, limit: 'ten' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid-input')
    const extra = await call('assets.page', { offset: 0, limit: 1, sql: 'DROP TABLE assets' })
    expect(extra.status).toBe(400)
    const unknown = await call('fs.readFile', { path: '/etc/passwd' })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown-call')
    const folder = await call('roots.add', { paths: [join(dir.path, 'nope')] })
    expect(folder.status).toBe(400)
  })

  it('serves thumbnails of known assets and originals inside library roots only', async () => {
    const auth = { headers: { 'x-photohouse-token': server.token } }
    const [asset] = app.repositories.assets.page(0, 1)
    const grid = await fetch(`${base}/media/grid/${asset!.sha256}`, auth)
    expect(grid.status).toBe(200)
    expect(grid.headers.get('content-type')).toMatch(/^image\//)
    expect((await fetch(`${base}/media/original/${asset!.id}`, auth)).status).toBe(200)
    expect((await fetch(`${base}/media/grid/${asset!.sha256}`)).status).toBe(401)
    expect((await fetch(`${base}/media/grid/${'0'.repeat(64)}`, auth)).status).toBe(404)
    expect((await fetch(`${base}/media/grid/..%2F..%2Fcatalog.sqlite`, auth)).status).toBe(404)
    expect((await fetch(`${base}/media/original/999999`, auth)).status).toBe(404)
  })

  it('does not serve a file that a symlink inside a root points outside of it', async () => {
    symlinkSync(outside, join(photos, 'link.jpg'))
    const loc = { path: join(photos, 'link.jpg'), rootId: app.repositories.roots.list()[0]!.id, mtimeMs: 1, size: 1 }
    const { assetId } = app.repositories.assets.attachFile({ ...loc, sha256: 'e'.repeat(64) })
    const res = await fetch(`${base}/media/original/${assetId}`, { headers: { 'x-photohouse-token': server.token } })
    expect(res.status).toBe(404)
  })

  it('never serves files outside the renderer folder', async () => {
    const res = await fetch(`${base}/..%2F..%2Foutside.jpg`)
    expect(await res.text()).toContain('<title>PhotoHouse</title>')
  })

  it('pushes events over the WebSocket to token holders only', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { origin })
    await new Promise((resolve) => refused.once('error', resolve))
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { cookie: `ph_token=${server.token}` }, origin })
    await new Promise((resolve) => ws.once('open', resolve))
    const message = new Promise<{ event: string; payload: { reason: string } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
    app.events.emit('library.changed', { reason: 'roots' })
    expect(await message).toEqual({ event: 'library.changed', payload: { reason: 'roots' } })
    ws.close()
  })

  it('accepts what the renderer sends: its own Origin, JSON, the cookie', async () => {
    const res = await browserCall('tasks.stats', '{}')
    expect(res.status).toBe(200)
    // Opened as http://localhost:<port>, the page's origin is that one.
    const local = await browserCall('tasks.stats', '{}', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })
    expect(local.status).toBe(200)
  })

  // A page on any other port of 127.0.0.1 is same-site, so the SameSite=Strict cookie goes along with
  // its form posts and no-cors fetches; a text/plain body needs no CORS preflight.
  it('refuses a simple cross-origin POST (CSRF): text/plain or form bodies', async () => {
    const before = app.repositories.roots.list().length
    const plain = await browserCall('roots.add', JSON.stringify({ paths: [dir.path] }), { 'content-type': 'text/plain;charset=UTF-8' })
    expect(plain.status).toBe(415)
    expect(JSON.parse(plain.text)).toMatchObject({ ok: false, error: { code: 'unsupported-media-type' } })
    const form = await browserCall('roots.add', 'paths=%2F', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(415)
    const none = await raw('POST', '/api/roots.add', { cookie: `ph_token=${server.token}`, origin }, JSON.stringify({ paths: [dir.path] }))
    expect(none.status).toBe(415)
    expect(app.repositories.roots.list()).toHaveLength(before)
  })

  it('refuses calls from any other origin, or with no Origin at all', async () => {
    const before = app.repositories.roots.list().length
    const body = JSON.stringify({ paths: [dir.path] })
    for (const other of [`http://127.0.0.1:${server.port + 1}`, `http://localhost:${server.port + 1}`, 'http://evil.example', 'null']) {
      const res = await browserCall('roots.add', body, { origin: other })
      expect(res.status, other).toBe(403)
      expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    // localhost and 127.0.0.1 are two origins: the Origin must be the one the Host names.
    expect((await browserCall('roots.add', body, { origin: `http://localhost:${server.port}` })).status).toBe(403)
    const { origin: _dropped, ...noOrigin } = { cookie: `ph_token=${server.token}`, origin, 'content-type': 'application/json' }
    expect((await raw('POST', '/api/roots.add', noOrigin, body)).status).toBe(403)
    expect(app.repositories.roots.list()).toHaveLength(before)
  })

  // DNS rebinding: evil.example re-resolved to 127.0.0.1 reaches the server with its own Host.
  it('refuses a Host other than 127.0.0.1 or localhost with its own port', async () => {
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost:${server.port + 1}`, '127.0.0.1', `[::1]:${server.port}`]) {
      const res = await raw('GET', '/', { host })
      expect(res.status, host).toBe(403)
      const api = await browserCall('tasks.stats', '{}', { host, origin: `http://${host}` })
      expect(api.status, host).toBe(403)
    }
  })

  it('opens the event socket only for its own Host and Origin', async () => {
    const attempt = (options: { origin?: string; headers?: Record<string, string> }) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { ...options, headers: { cookie: `ph_token=${server.token}`, ...options.headers } })
        ws.once('open', () => {
          ws.close()
          resolve(101)
        })
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0)
          ws.terminate()
        })
        ws.once('error', reject)
      })
    expect(await attempt({ origin })).toBe(101)
    expect(await attempt({ origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403)
    expect(await attempt({ origin: 'http://evil.example' })).toBe(403)
    expect(await attempt({})).toBe(403)
    expect(await attempt({ origin: `http://evil.example:${server.port}`, headers: { host: `evil.example:${server.port}` } })).toBe(403)
  })

  it('answers a body over the size limit with 413 and a JSON error', async () => {
    const big = JSON.stringify({ paths: ['x'.repeat(1024 * 1024 + 10)] })
    const res = await browserCall('roots.add', big)
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    // Sent in chunks without a Content-Length, the limit still holds.
    const chunked = await raw('POST', '/api/roots.add', { cookie: `ph_token=${server.token}`, origin, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big)
    expect(chunked.status).toBe(413)
    expect((await browserCall('tasks.stats', '{}')).status).toBe(200)
  })

  it('answers a malformed % escape in the URL with 400, not 500', async () => {
    const auth = { cookie: `ph_token=${server.token}` }
    const api = await browserCall('assets.page%E0%A4%A', '{}')
    expect(api.status).toBe(400)
    expect(JSON.parse(api.text)).toMatchObject({ ok: false, error: { code: 'bad-url' } })
    expect((await raw('GET', '/media/grid/%E0%A4%A', auth)).status).toBe(400)
    expect((await raw('GET', '/media/original/%ZZ', auth)).status).toBe(400)
    expect((await raw('GET', '/assets/%ZZ.js', {})).status).toBe(400)
  })

  // Another site's page may embed <img src="http://127.0.0.1:<port>/media/...">: the cookie goes
  // along (same site), so the browser itself must refuse to hand the bytes to that page.
  it('marks every file it serves as same-origin only', async () => {
    const [asset] = app.repositories.assets.page(0, 1)
    const media = await raw('GET', `/media/grid/${asset!.sha256}`, { cookie: `ph_token=${server.token}` })
    expect(media.status).toBe(200)
    expect(media.headers['cross-origin-resource-policy']).toBe('same-origin')
    const page = await raw('GET', '/', {})
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin')
  })

  it('limits the page to its own origin and its own event socket (CSP)', async () => {
    const page = await raw('GET', '/', {})
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port};`)
    expect(csp).not.toMatch(/ws: |wss:/)
    expect(csp).toContain("frame-ancestors 'none'")
    const local = await raw('GET', '/', { host: `localhost:${server.port}` })
    expect(String(local.headers['content-security-policy'])).toContain(`connect-src 'self' ws://localhost:${server.port};`)
  })

  // A removed folder's photos stay in the catalog for a grace period, hidden (missing_since): their
  // thumbnails and face crops are cached still, but must not be served any more.
  it('serves no thumbnail or face crop of a photo that is no longer in the library', async () => {
    const auth = { headers: { 'x-photohouse-token': server.token } }
    copyInto(REAL_PHOTOS.fruits, join(removedFolder, 'fruits.jpg'))
    const root = (await app.library.addRoots([removedFolder])).find((r) => r.path === removedFolder)
    await app.runner.idle(20)
    const asset = app.repositories.assets.page(0, 10).find((a) => app.repositories.assets.locationsOf(a.id).some((l) => l.path.startsWith(removedFolder)))!
    const [faceId] = app.repositories.people.replaceFaces(asset.id, [
      { box: [0.25, 0.25, 0.5, 0.5], landmarks: [], score: 0.9, size: 100, blur: 0, yaw: 0, embedding: new Float32Array(128), modelId: 'test', device: 'cpu' },
    ])
    const faceUrl = `${base}/media/face/${faceMediaId({ id: faceId!, cropKey: app.repositories.people.face(faceId!)!.cropKey })}`
    expect((await fetch(`${base}/media/grid/${asset.sha256}`, auth)).status).toBe(200)
    expect((await fetch(`${base}/media/preview/${asset.sha256}`, auth)).status).toBe(200)
    expect((await fetch(faceUrl, auth)).status).toBe(200)

    expect(await app.library.removeRoot(root!.id)).toBe(true)
    expect(app.repositories.assets.page(0, 10).map((a) => a.id)).not.toContain(asset.id)
    expect((await fetch(`${base}/media/grid/${asset.sha256}`, auth)).status).toBe(404)
    expect((await fetch(`${base}/media/preview/${asset.sha256}`, auth)).status).toBe(404)
    expect((await fetch(faceUrl, auth)).status).toBe(404)
    expect((await fetch(`${base}/media/original/${asset.id}`, auth)).status).toBe(404)
  })
})
