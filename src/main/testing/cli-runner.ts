// Runs the real command (bin/photohouse.mjs) for the CLI tests: once to completion, and once with
// its stdout piped into a reader that starts late, which is how `--json | slow-consumer` behaves.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { appRoot } from '../platform/app-root'

const bin = join(appRoot(), 'bin', 'photohouse.mjs')

export function runCli(args: string[], timeoutMs = 120_000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: timeoutMs })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

export interface PipedCliResult {
  code: number | null
  stderr: string
  /** Bytes the reader got, and what they parse to (or { notJson, tail } when they do not). */
  bytes: number
  parsed: unknown
}

/**
 * The CLI's stdout piped into a second process that waits before reading, so the CLI fills the pipe
 * and has to wait for the reader: its output must arrive whole, not cut at a pipe buffer.
 */
export function runCliThroughSlowReader(args: string[], readerDelayMs = 1500): Promise<PipedCliResult> {
  const reader = `
    setTimeout(() => {
      const chunks = []
      process.stdin.on('data', (c) => chunks.push(c))
      process.stdin.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed = null
        try { parsed = JSON.parse(text) } catch (e) { parsed = { notJson: String(e), tail: text.slice(-200) } }
        process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text), parsed }))
      })
    }, ${readerDelayMs})`
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const consumer = spawn(process.execPath, ['-e', reader], { stdio: [child.stdout, 'pipe', 'inherit'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  let out = ''
  consumer.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const read = new Promise<void>((resolve) => consumer.once('exit', () => resolve()))
  return Promise.all([exited, read]).then(([code]) => ({ code, stderr, ...(JSON.parse(out) as { bytes: number; parsed: unknown }) }))
}
