import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher } from './dispatcher'
import { createContractHandlers } from './handlers'
import { startHttpServer } from './http'

describe('loopback HTTP transport', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const outside = join(dir.path, 'outside.jpg')
  const renderer = join(dir.path, 'renderer')
  let app: PhotoHouseApp
  let server: Awaited<ReturnType<typeof startHttpServer>>
  let base: string

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
  })
  afterAll(async () => {
    await server.close()
    await app.close()
    dir.cleanup()
  })

  const call = (name: string, body: unknown, token: string | null = server.token) =>
    fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-photohouse-token': token } : {}) },
      body: JSON.stringify(body),
    })

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
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events`)
    await new Promise((resolve) => refused.once('error', resolve))
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { cookie: `ph_token=${server.token}` } })
    await new Promise((resolve) => ws.once('open', resolve))
    const message = new Promise<{ event: string; payload: { reason: string } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
    app.events.emit('library.changed', { reason: 'roots' })
    expect(await message).toEqual({ event: 'library.changed', payload: { reason: 'roots' } })
    ws.close()
  })
})
