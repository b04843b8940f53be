import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { z } from 'zod'

/**
 * On-disk layout of one vector index: `<dir>/<modelId>.usearch` (usearch's own format) plus
 * `<dir>/<modelId>.usearch.json`, a sidecar describing what the file must be. usearch does not
 * checksum its files and happily loads a bit-flipped graph, so the sidecar's length + CRC-32 is
 * what lets us DETECT a torn or corrupt file and rebuild from SQLite instead of searching garbage.
 */

export const SIDECAR_FORMAT = 'photohouse-vector-index'
export const SIDECAR_VERSION = 1

export const quantizations = ['f32', 'f16'] as const
export type VectorQuantization = (typeof quantizations)[number]

const sidecarSchema = z.object({
  format: z.literal(SIDECAR_FORMAT),
  version: z.literal(SIDECAR_VERSION),
  modelId: z.string().min(1),
  dimensions: z.number().int().positive(),
  metric: z.literal('cos'),
  quantization: z.enum(quantizations),
  count: z.number().int().nonnegative(),
  byteLength: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
  savedAt: z.string(),
})
export type VectorIndexSidecar = z.infer<typeof sidecarSchema>

export interface VectorIndexPaths {
  indexFile: string
  sidecarFile: string
}

export type SidecarReadResult = { ok: true; sidecar: VectorIndexSidecar } | { ok: false; reason: string }

export async function readSidecar(path: string): Promise<SidecarReadResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, reason: `sidecar unreadable: ${(error as Error).message}` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'sidecar is not valid JSON' }
  }
  const parsed = sidecarSchema.safeParse(json)
  if (!parsed.success) return { ok: false, reason: `sidecar malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}` }
  return { ok: true, sidecar: parsed.data }
}

/** Reads through one reused 8 MiB buffer so a 2 GB index never sits in the JS heap; CRC-32 runs at GB/s. */
export async function fileChecksum(path: string): Promise<{ byteLength: number; crc32: number }> {
  const handle = await open(path, 'r')
  const buffer = Buffer.allocUnsafe(8 << 20)
  let crc = 0
  let byteLength = 0
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      crc = crc32(buffer.subarray(0, bytesRead), crc)
      byteLength += bytesRead
    }
  } finally {
    await handle.close()
  }
  return { byteLength, crc32: crc }
}

/** Returns why the index file does not match its sidecar, or null when it does. */
export async function verifyIndexFile(indexFile: string, sidecar: VectorIndexSidecar): Promise<string | null> {
  let size: number
  try {
    size = (await stat(indexFile)).size
  } catch (error) {
    return `index file unreadable: ${(error as Error).message}`
  }
  // Cheap check first: a torn write almost always shows up as a wrong length.
  if (size !== sidecar.byteLength) return `index file is ${size} bytes, sidecar expects ${sidecar.byteLength}`
  const actual = await fileChecksum(indexFile)
  if (actual.crc32 !== sidecar.crc32) return `index file checksum ${actual.crc32} does not match sidecar ${sidecar.crc32}`
  return null
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Directory fsync makes the renames durable on Linux; other platforms may refuse it, which is harmless. */
export async function fsyncDirectory(dir: string): Promise<void> {
  try {
    await fsyncPath(dir)
  } catch {
    // Windows cannot open a directory for fsync; the rename itself is still atomic there.
  }
}

export async function writeFileDurably(path: string, data: string): Promise<void> {
  await writeFile(path, data)
  await fsyncPath(path)
}

/**
 * Publishes a freshly written index + sidecar pair. The index is renamed first: if we die
 * between the two renames, the old sidecar describes a different file and the next load reports
 * it as corrupt (then rebuilds), which is the safe direction.
 */
export async function publishIndexFiles(tmp: VectorIndexPaths, final: VectorIndexPaths, dir: string): Promise<void> {
  await rename(tmp.indexFile, final.indexFile)
  await rename(tmp.sidecarFile, final.sidecarFile)
  await fsyncDirectory(dir)
}

export async function removeQuietly(...paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })))
}
