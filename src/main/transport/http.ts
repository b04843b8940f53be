import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import { EVENT_NAMES } from '../../shared/events'
import type { PhotoHouseApp } from '../app'
import { STATIC_TYPES } from './app-scheme'
import { toWireError, type Dispatch } from './dispatcher'
import { MEDIA_KINDS, namedById, resolveMedia, resolveMotion, type MediaKind } from './media'
import { sliceResponse } from './range'

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
/**
 * The page's policy, sent as a header (the renderer has no meta tag: each transport knows its own
 * origin). The only connection the page makes beyond its own origin is its event socket, named
 * exactly, since 'self' matching ws: is CSP3 behaviour not every browser has.
 */
export function browserCsp(host: string): string {
  return `default-src 'self'; img-src 'self' data: blob:; media-src 'self'; connect-src 'self' ws://${host}; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
}

/** A request this server refuses, with the status and error code the client sees. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** decodeURIComponent that reports a malformed % escape as the client's error (400), not ours. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new Refusal(400, 'bad-url', 'Malformed % escape in the URL')
  }
}

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

const tooLarge = () => new Refusal(413, 'too-large', `Request body over ${MAX_BODY} bytes`)

async function readBody(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return text ? (JSON.parse(text) as unknown) : {}
  } catch {
    throw new Refusal(400, 'invalid-input', 'Body is not JSON')
  }
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
      if (res.headersSent) return void res.destroy()
      if (error instanceof Refusal) {
        // Whatever of the body is still on its way is read and dropped, so the client gets to read
        // this answer instead of a reset connection.
        req.resume()
        return sendJson(res, error.status, { ok: false, error: { code: error.code, message: error.message } })
      }
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } })
    })
  })

  /**
   * The Host header when it names this server: 127.0.0.1 or localhost with our own port. Any other
   * name may be a DNS-rebinding attacker's domain resolved to 127.0.0.1.
   */
  function ownHost(req: IncomingMessage): string | null {
    const port = (server.address() as AddressInfo).port
    const host = req.headers.host
    return host === `127.0.0.1:${port}` || host === `localhost:${port}` ? host : null
  }

  /**
   * True when the request comes from a page this server served. Browsers send Origin with every
   * POST and WebSocket handshake, the renderer's included; a page on another port of 127.0.0.1 is
   * the same *site* (so the SameSite=Strict cookie goes along) but not the same origin. No Origin
   * is refused too: nothing calls the API without a browser (the CLI runs the app in-process), and a
   * client that can set headers can set this one.
   */
  function fromOwnPage(req: IncomingMessage, host: string): boolean {
    return req.headers.origin === `http://${host}`
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const host = ownHost(req)
    if (!host) throw new Refusal(403, 'forbidden', 'bad host')

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return void sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Wrong token' } })
      res.writeHead(302, { location: '/', 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` })
      return void res.end()
    }
    const authed = sameToken(tokenFrom(req), token)

    if (url.pathname.startsWith('/api/')) {
      if (!authed) throw new Refusal(401, 'unauthorized', 'Open the URL with its token first')
      if (req.method !== 'POST') throw new Refusal(405, 'method', 'POST only')
      if (!fromOwnPage(req, host)) throw new Refusal(403, 'forbidden', 'Calls are accepted from PhotoHouse pages only')
      // A cross-origin page can send text/plain or form bodies without a CORS preflight; JSON it cannot.
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'application/json') throw new Refusal(415, 'unsupported-media-type', 'Send the input as application/json')
      const name = decodePart(url.pathname.slice('/api/'.length))
      const input = await readBody(req)
      try {
        const value = await dispatch(name, input)
        return void sendJson(res, 200, { ok: true, value: value ?? null })
      } catch (error) {
        const wire = toWireError(error)
        return void sendJson(res, wire.status, { ok: false, error: { code: wire.code, message: wire.message } })
      }
    }

    if (url.pathname.startsWith('/media/')) {
      if (!authed) throw new Refusal(401, 'unauthorized', 'no token')
      const [, , kind, id] = url.pathname.split('/')
      if (!MEDIA_KINDS.includes(kind as MediaKind) || !id) throw new Refusal(404, 'not-found', 'no such media')
      if (kind === 'motion') return void (await sendMotion(res, host, decodePart(id), req.headers.range))
      const media = await resolveMedia(app, kind as MediaKind, decodePart(id))
      if (!media) throw new Refusal(404, 'not-found', 'no such media')
      return void (await sendFile(res, host, media.path, media.contentType, namedById(kind as MediaKind) ? 'private, max-age=60' : 'private, max-age=31536000, immutable', req.headers.range))
    }

    if (req.method !== 'GET') throw new Refusal(405, 'method', 'GET only')
    // Static renderer files; anything unknown falls back to index.html (client-side routes).
    const rel = normalize(decodePart(url.pathname)).replace(/^([/\\])+/, '')
    let file = join(rendererDir, rel)
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !(await stat(file)).isFile()) file = join(rendererDir, 'index.html')
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      return void res.end('The PhotoHouse UI is not built. Run `npm run build` first.')
    }
    await sendFile(res, host, file, STATIC_TYPES[extname(file)] ?? 'application/octet-stream', file.endsWith('.html') ? 'no-store' : 'public, max-age=3600')
  }

  async function sendFile(res: ServerResponse, host: string, path: string, contentType: string, cache: string, rangeHeader?: string): Promise<void> {
    let size: number
    try {
      size = (await stat(path)).size
    } catch {
      return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'file missing' } })
    }
    // Videos stream and seek by byte ranges; photos are asked for whole, and get the same answer.
    sendSlice(res, host, { path, offset: 0, length: size, contentType }, cache, rangeHeader)
  }

  /** A live photo's MOV or a motion photo's MP4 (a byte range of the JPEG), with Range support. */
  async function sendMotion(res: ServerResponse, host: string, id: string, range: string | undefined): Promise<void> {
    const source = await resolveMotion(app, id)
    if (!source) throw new Refusal(404, 'not-found', 'no such media')
    sendSlice(res, host, source, 'private, max-age=60', range)
  }

  function sendSlice(res: ServerResponse, host: string, slice: { path: string; offset: number; length: number; contentType: string }, cache: string, range: string | undefined): void {
    const answer = sliceResponse(slice, range)
    res.writeHead(answer.status, {
      ...answer.headers,
      'cache-control': cache,
      'content-security-policy': browserCsp(host),
      'x-content-type-options': 'nosniff',
      // The cookie goes along with another local page's <img>/<script> requests (same site): the
      // browser must not hand it our photos or scripts.
      'cross-origin-resource-policy': 'same-origin',
    })
    if (answer.start === undefined || answer.end === undefined || answer.end < answer.start) return void res.end()
    createReadStream(slice.path, { start: answer.start, end: answer.end }).on('error', () => res.destroy()).pipe(res)
  }

  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
      socket.destroy()
    }
    // WebSockets are not bound by the same-origin policy: any page may open one, with our cookie.
    const host = ownHost(req)
    if (!host || !fromOwnPage(req, host)) return refuse('403 Forbidden')
    if (url.pathname !== '/events' || !sameToken(tokenFrom(req) ?? url.searchParams.get('token') ?? undefined, token)) return refuse('401 Unauthorized')
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
