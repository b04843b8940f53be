import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { TEST_DATA, VIDEO_DATA } from '../testing/test-data'
import { findFfmpeg, runTool } from './ffmpeg'
import { createPlayableCopies, playablePath, progressMs, type PlayableSource } from './playable'

const tools = findFfmpeg('bundled')!
const SHA = 'ab'.repeat(32)
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function copies(found = tools) {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const logged: string[] = []
  return { cacheDir: dir.path, logged, copies: createPlayableCopies({ cacheDir: dir.path, tools: () => found, log: (m) => logged.push(m) }) }
}

const whole = (path: string): PlayableSource => ({ path, offset: 0, length: statSync(path).size })

async function streams(path: string): Promise<{ codecs: string[]; durationS: number; width: number; height: number }> {
  const { stdout } = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', path])
  const json = JSON.parse(stdout.toString('utf8')) as { streams: { codec_name: string; width?: number; height?: number }[]; format: { duration: string } }
  const video = json.streams.find((s) => s.width)!
  return { codecs: json.streams.map((s) => s.codec_name), durationS: Number(json.format.duration), width: video.width!, height: video.height! }
}

describe('playable copies', () => {
  it('turn an AVI (MPEG-4 Part 2 + MP3, which Chromium cannot play) into VP8 + Opus WebM, once', async () => {
    const { cacheDir, copies: c } = copies()
    const avi = join(VIDEO_DATA, 'megamind.avi')
    expect(c.request(SHA, 'video', whole(avi), 2067)).toEqual({ state: 'working', progress: 0 })
    // Asked again while it is made: the same job, not a second one.
    expect(c.request(SHA, 'video', whole(avi), 2067).state).toBe('working')
    await c.settled()
    expect(c.request(SHA, 'video', whole(avi), 2067)).toEqual({ state: 'ready' })
    const copy = playablePath(cacheDir, SHA, 'video')
    const probed = await streams(copy)
    expect(probed.codecs).toEqual(['vp8', 'opus'])
    expect(probed.durationS).toBeGreaterThan(1.8)
    expect(probed.durationS).toBeLessThan(2.4)
    expect([probed.width, probed.height]).toEqual([240, 176])
    // Only the finished copy is left in the cache; the original is untouched.
    expect(readdirSync(dirname(copy))).toEqual([`${SHA}.webm`])
    expect(readFileSync(copy).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) // EBML: Matroska/WebM
  })

  it("copy a motion photo's MP4 out of its JPEG first (a byte range), and remove that extract", async () => {
    const { cacheDir, copies: c } = copies()
    const photo = join(TEST_DATA, 'live', 'MVIMG_20230501_101112.jpg')
    const rows = JSON.parse(readFileSync(join(TEST_DATA, 'live', 'exiftool.json'), 'utf8')) as Record<string, unknown>[]
    const row = rows.find((r) => String(r.SourceFile).endsWith('MVIMG_20230501_101112.jpg'))!
    const length = row['XMP-GCamera:MicroVideoOffset'] as number
    const size = statSync(photo).size
    expect(c.request(SHA, 'motion', { path: photo, offset: size - length, length }, null)).toEqual({ state: 'working', progress: null })
    await c.settled()
    expect(c.request(SHA, 'motion', { path: photo, offset: size - length, length }, null)).toEqual({ state: 'ready' })
    const copy = playablePath(cacheDir, SHA, 'motion')
    expect((await streams(copy)).codecs[0]).toBe('vp8')
    expect(readdirSync(dirname(copy))).toEqual([`${SHA}-motion.webm`])
  })

  it("fail with ffmpeg's reason on a file it cannot read, without retrying in a loop", async () => {
    const { cacheDir, copies: c, logged } = copies()
    const corrupt = join(VIDEO_DATA, 'corrupt.mp4')
    c.request(SHA, 'video', whole(corrupt), null)
    await c.settled()
    const answer = c.request(SHA, 'video', whole(corrupt), null)
    expect(answer).toMatchObject({ state: 'failed', message: expect.stringMatching(/^ffmpeg could not convert it: .*moov atom not found/) })
    expect(logged).toHaveLength(1)
    expect(existsSync(playablePath(cacheDir, SHA, 'video'))).toBe(false)
    expect(readdirSync(dirname(playablePath(cacheDir, SHA, 'video')))).toEqual([])
  })

  it('stop at app stop, leave no partial copy, and start afresh when asked again', async () => {
    const { cacheDir, copies: c } = copies()
    const source = whole(join(VIDEO_DATA, 'megamind.mp4'))
    c.request(SHA, 'video', source, 3067)
    c.stop()
    await c.settled()
    const dir = dirname(playablePath(cacheDir, SHA, 'video'))
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
    expect(c.request(SHA, 'video', source, 3067).state).toBe('working')
    await c.settled()
    expect(c.request(SHA, 'video', source, 3067)).toEqual({ state: 'ready' })
  })

  it('say how to get ffmpeg when there is none', () => {
    const { copies: c } = copies(null as never)
    expect(c.request(SHA, 'video', whole(join(VIDEO_DATA, 'megamind.avi')), null)).toMatchObject({ state: 'failed', message: expect.stringContaining('ffmpeg not found') })
  })

  it("read ffmpeg's progress report (out_time_ms is in microseconds)", () => {
    expect(progressMs('frame=10\nout_time_ms=1500000\nprogress=continue\nframe=20\nout_time_ms=2250000\n')).toBe(2250)
    expect(progressMs('frame=1\n')).toBeNull()
  })
})
