// The desktop window's pages come from photohouse://app/ (a privileged, standard scheme), not from
// file://: a file:// page shares its origin with every local file and gets file:// privileges, where
// photohouse://app is an origin of its own that serves the built renderer folder and nothing else.
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, normalize, relative } from 'node:path'

export const APP_SCHEME = 'photohouse'
/** The window's origin. Media come from photohouse://media/ (see index.ts and the preload). */
export const APP_ORIGIN = `${APP_SCHEME}://app`
export const MEDIA_ORIGIN = `${APP_SCHEME}://media`

/**
 * The window's policy. The renderer reaches main over IPC only (no fetch, no socket), so
 * connect-src is its own origin alone; photos are <img>s from the media host.
 */
export const APP_CSP = `default-src 'self'; img-src 'self' data: blob: ${MEDIA_ORIGIN}; media-src ${MEDIA_ORIGIN}; connect-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

export const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** One file of the built renderer for a photohouse://app/ path; 404 for anything outside it. */
export async function serveUi(rendererDir: string, pathname: string): Promise<Response> {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return new Response('bad url', { status: 400 })
  }
  if (rel === '/' || rel === '') rel = '/index.html'
  const file = join(rendererDir, normalize(rel))
  const inside = relative(rendererDir, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || rel.includes('\0')) return new Response('not found', { status: 404 })
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return new Response('not found', { status: 404 })
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': APP_CSP,
      'x-content-type-options': 'nosniff',
    },
  })
}
