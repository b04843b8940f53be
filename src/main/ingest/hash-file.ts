import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Large reads keep hashing I/O-bound instead of call-overhead-bound, at a fixed 1 MiB of memory. */
const READ_CHUNK_BYTES = 1 << 20

export interface FileHash {
  /** Lower-case hex SHA-256 of the file content. */
  sha256: string
  /** Bytes hashed (the file size at the time it was read). */
  size: number
}

/**
 * Streams the file through SHA-256; memory use does not grow with the file size. A Buffer path
 * reaches a file whose name is not valid UTF-8.
 */
export async function hashFile(path: string | Buffer): Promise<FileHash> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    size += bytes.length
  }
  return { sha256: hash.digest('hex'), size }
}
