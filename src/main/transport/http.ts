import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import { EVENT_NAMES } from '../../shared/events'
import type { PhotoHouseApp } from '../app'
import { toWireError, type Dispatch } from './dispatcher'
import { MEDIA_KINDS, resolveMedia, type MediaKind } from './media'

export interface HttpServerOptions {
  app: PhotoHouseApp
  dispatch: Dispatch
  /** Built renderer (index.html + assets). */
  rendererDir: string
  port?: number
  token?: string
}

const COOKIE = 'ph_token'
const MAX_BODY = 1024 * 1024
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
// The same policy as the renderer's meta tag, sent as a header too.
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

function tokenFrom(req: IncomingMessage): string | undefined {
  const header = req.headers['x-photohouse-token']
  if (typeof header === 'string') return header
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=')
    if (k === COOKIE && v) return decodeURIComponent(v)
  }
  return undefined
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false
  return timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(data)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw Object.assign(new Error('Request body too large'), { code: 'invalid-input' })
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as unknown) : {}
}

/**
 * The loopback server of browser mode: the same contract as Electron IPC, on 127.0.0.1 only, with
 * a random token (given once in the URL, then kept in an HttpOnly cookie).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<{ url: string; port: number; token: string; close(): Promise<void> }> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const { app, dispatch, rendererDir } = options

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // DNS-rebinding guard: only our own loopback host names.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return void sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'bad host' } })

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return void sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Wrong token' } })
      res.writeHead(302, { location: '/', 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` })
      return void res.end()
    }
    const authed = sameToken(tokenFrom(req), token)

    if (url.pathname.startsWith('/api/')) {
      if (!authed) return void sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Open the URL with its token first' } })
      if (req.method !== 'POST') return void sendJson(res, 405, { ok: false, error: { code: 'method', message: 'POST only' } })
      try {
        const input = await readBody(req)
        const value = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), input)
        return void sendJson(res, 200, { ok: true, value: value ?? null })
      } catch (error) {
        const wire = error instanceof SyntaxError ? { status: 400, code: 'invalid-input', message: 'Body is not JSON' } : toWireError(error)
        return void sendJson(res, wire.status, { ok: false, error: { code: wire.code, message: wire.message } })
      }
    }

    if (url.pathname.startsWith('/media/')) {
      if (!authed) return void sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'no token' } })
      const [, , kind, id] = url.pathname.split('/')
      if (!MEDIA_KINDS.includes(kind as MediaKind) || !id) return void sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'no such media' } })
      const media = await resolveMedia(app, kind as MediaKind, decodeURIComponent(id))
      if (!media) return void sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'no such media' } })
      return void (await sendFile(res, media.path, media.contentType, kind === 'original' ? 'private, max-age=60' : 'private, max-age=31536000, immutable'))
    }

    if (req.method !== 'GET') return void sendJson(res, 405, { ok: false, error: { code: 'method', message: 'GET only' } })
    // Static renderer files; anything unknown falls back to index.html (client-side routes).
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '')
    let file = join(rendererDir, rel)
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !(await stat(file)).isFile()) file = join(rendererDir, 'index.html')
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      return void res.end('The PhotoHouse UI is not built. Run `npm run build` first.')
    }
    await sendFile(res, file, STATIC_TYPES[extname(file)] ?? 'application/octet-stream', file.endsWith('.html') ? 'no-store' : 'public, max-age=3600')
  }

  async function sendFile(res: ServerResponse, path: string, contentType: string, cache: string): Promise<void> {
    let size: number
    try {
      size = (await stat(path)).size
    } catch {
      return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'file missing' } })
    }
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': size,
      'cache-control': cache,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    })
    createReadStream(path).on('error', () => res.destroy()).pipe(res)
  }

  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/events' || !sameToken(tokenFrom(req) ?? url.searchParams.get('token') ?? undefined, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return void socket.destroy()
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  wss.on('connection', (ws) => {
    const disposers = EVENT_NAMES.map((event) =>
      app.events.on(event, (payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }))
      }),
    )
    ws.on('close', () => disposers.forEach((d) => d()))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
