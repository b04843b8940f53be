import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { APP_CSP, serveUi } from './app-scheme'

describe('photohouse://app (the desktop window\'s pages)', () => {
  const dir = tempDir()
  const renderer = join(dir.path, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>PhotoHouse</title>')
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(dir.path, 'secret.txt'), 'not for the renderer')
  afterAll(() => dir.cleanup())

  it('serves the built renderer with its type and the CSP', async () => {
    const page = await serveUi(renderer, '/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP)
    expect(await page.text()).toContain('<title>PhotoHouse</title>')
    const script = await serveUi(renderer, '/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await serveUi(renderer, '/assets/nope.js')).status).toBe(404)
  })

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/', '/%00']) {
      const res = await serveUi(renderer, path)
      expect(res.status, path).toBe(404)
    }
    expect((await serveUi(renderer, '/%ZZ')).status).toBe(400)
  })

  it("limits the window to its own origin: IPC needs no connection, photos come from the media host", () => {
    expect(APP_CSP).toContain("connect-src 'self';")
    expect(APP_CSP).toContain("script-src 'self';")
    expect(APP_CSP).toContain("img-src 'self' data: blob: photohouse://media; media-src photohouse://media;")
    expect(APP_CSP).not.toMatch(/ws:|wss:|https?:|\*/)
  })
})
