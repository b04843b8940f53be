import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { BrokenFileError } from '../ingest'
import { tempDir } from '../testing/fixtures'
import { VIDEO_DATA } from '../testing/test-data'
import { findFfmpeg, FfmpegError, killAllFfmpeg, runTool } from './ffmpeg'
import { capPerMinute, extractKeyframes, parseSceneLog } from './keyframes'
import { choosePosterMs, extractFrame, sampleFrames } from './poster'
import { parseIso6709, probeVideo, takenAtFrom } from './probe'
import { isVideoPath } from './formats'
import { bestFrames } from './video.service'

const tools = findFfmpeg('bundled')!
const video = (name: string) => join(VIDEO_DATA, name)
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})
function tmp(): string {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  return dir.path
}

describe('ffmpeg', () => {
  it('is found in the npm packages, and can be hidden', () => {
    expect(tools.source).toBe('bundled')
    expect(tools.ffmpeg).toMatch(/@ffmpeg-installer/)
    expect(findFfmpeg('bundled', { ...process.env, PHOTOHOUSE_FFMPEG: 'none' })).toBeNull()
  })

  it("prefers the user's own ffmpeg on PATH when asked, else the bundled one", () => {
    const dir = tmp()
    for (const name of ['ffmpeg', 'ffprobe']) {
      writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n')
      chmodSync(join(dir, name), 0o755)
    }
    expect(findFfmpeg('system', { PATH: dir })).toEqual({ ffmpeg: join(dir, 'ffmpeg'), ffprobe: join(dir, 'ffprobe'), source: 'system' })
    expect(findFfmpeg('bundled', { PATH: dir })?.source).toBe('bundled')
    // None on PATH: the bundled one after all.
    expect(findFfmpeg('system', { PATH: tmp() })?.source).toBe('bundled')
  })

  it('is killed when its task is cancelled', async () => {
    const controller = new AbortController()
    // Reads an endless generated input: it only stops when killed.
    const run = runTool(tools.ffmpeg, ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'color=black:s=16x16', '-f', 'null', '-'], { signal: controller.signal })
    controller.abort()
    const error = await run.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FfmpegError)
    expect((error as FfmpegError).kind).toBe('aborted')
  })
})

describe('ffmpeg at app stop', () => {
  it('is killed with every other run still going', async () => {
    const endless = () => runTool(tools.ffmpeg, ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'color=black:s=16x16', '-f', 'null', '-']).catch((e: unknown) => e)
    const runs = [endless(), endless()]
    // Both started (spawned) before the stop.
    await new Promise((resolve) => setImmediate(resolve))
    killAllFfmpeg()
    // Aborted, not failed: the video is not broken because the app stopped reading it.
    for (const error of await Promise.all(runs)) expect(error).toMatchObject({ name: 'FfmpegError', kind: 'aborted' })
  })
})

describe('probe', () => {
  it('reads an MP4: duration, size, codecs, frame rate and the container date', async () => {
    const p = await probeVideo(tools, video('megamind.mp4'))
    expect(p).toMatchObject({ mime: 'video/mp4', width: 240, height: 176, videoCodec: 'h264', audioCodec: 'aac', frameRate: 15, rotation: 0, takenAtSource: 'creation_time', lat: null })
    expect(p.durationMs).toBeGreaterThan(2900)
    expect(p.durationMs).toBeLessThan(3200)
    // creation_time is UTC: it is shown at this machine's local wall clock, with the offset.
    expect(Date.parse(p.takenAt!)).toBe(Date.parse('2021-07-14T16:20:05Z'))
  })

  it("reads a QuickTime MOV's Apple location, local creation date, camera and rotation", async () => {
    const p = await probeVideo(tools, video('location.mov'))
    expect(p).toMatchObject({
      mime: 'video/quicktime',
      takenAt: '2022-05-01T10:11:12+02:00',
      takenAtSource: 'com.apple.quicktime.creationdate',
      lat: 48.8584,
      lon: 2.2945,
      alt: 35,
      make: 'Apple',
      model: 'iPhone 12',
      rotation: 90,
      // Stored 192×140, shown upright.
      width: 140,
      height: 192,
    })
  })

  it('reads a WebM', async () => {
    const p = await probeVideo(tools, video('slideshow.webm'))
    expect(p).toMatchObject({ mime: 'video/webm', videoCodec: 'vp9', audioCodec: null, width: 320, height: 240, durationMs: 4500, takenAt: null })
  })

  it('calls a cut-off file broken, with the reason', async () => {
    const error = await probeVideo(tools, video('corrupt.mp4')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    expect((error as BrokenFileError).message).toMatch(/moov atom not found/)
    expect((error as BrokenFileError).message).not.toMatch(/0x[0-9a-f]+/)
  })

  it('parses ISO 6709 in degrees, degrees-minutes and degrees-minutes-seconds', () => {
    expect(parseIso6709('+48.8584+002.2945+035.000/')).toEqual({ lat: 48.8584, lon: 2.2945, alt: 35 })
    expect(parseIso6709('-33.8688+151.2093/')).toEqual({ lat: -33.8688, lon: 151.2093, alt: null })
    const dm = parseIso6709('+4851.504+00217.670/')!
    expect(dm.lat).toBeCloseTo(48.8584, 4)
    expect(dm.lon).toBeCloseTo(2.29450, 4)
    const dms = parseIso6709('+485130.24+0021740.20/')!
    expect(dms.lat).toBeCloseTo(48.8584, 4)
    expect(parseIso6709('+00.0000+000.0000/')).toBeNull()
    expect(parseIso6709('nowhere')).toBeNull()
  })

  it('takes no date from the zero dates muxers write', () => {
    expect(takenAtFrom({ creation_time: '1970-01-01T00:00:00.000000Z' })).toBeNull()
    expect(takenAtFrom({ creation_time: '1904-01-01T00:00:00Z' })).toBeNull()
    expect(takenAtFrom({ 'com.apple.quicktime.creationdate': '2020-02-03T04:05:06-0500' })).toEqual({ takenAt: '2020-02-03T04:05:06-05:00', source: 'com.apple.quicktime.creationdate' })
  })

  it('knows the video extensions', () => {
    for (const name of ['a.mp4', 'b.MOV', 'c.m4v', 'd.3gp', 'e.webm', 'f.avi', 'g.mkv']) expect(isVideoPath(name)).toBe(true)
    expect(isVideoPath('h.jpg')).toBe(false)
  })
})

describe('poster', () => {
  it('skips a black intro', async () => {
    const frames = await sampleFrames(tools, video('black-intro.mp4'))
    expect(frames[0]!.mean).toBeLessThan(0.02)
    const posterMs = choosePosterMs(frames)
    expect(posterMs).toBeGreaterThanOrEqual(1000)
    const out = join(tmp(), 'poster.png')
    await extractFrame(tools, video('black-intro.mp4'), posterMs, out, 1440)
    const stats = await sharp(out).stats()
    // Not black: the Megamind frame.
    expect(Math.max(...stats.channels.map((c) => c.mean))).toBeGreaterThan(20)
  })

  it('keeps the first frame when it has content', async () => {
    expect(choosePosterMs(await sampleFrames(tools, video('slideshow.webm')))).toBe(0)
  })

  it('writes the poster upright (a rotated phone video is tall)', async () => {
    const out = join(tmp(), 'poster.png')
    await extractFrame(tools, video('location.mov'), 0, out, 1440)
    expect(await sharp(out).metadata()).toMatchObject({ width: 140, height: 192 })
  })
})

describe('keyframes', () => {
  it('finds the scene changes of the slideshow, with their second', async () => {
    const dir = tmp()
    const frames = await extractKeyframes(tools, video('slideshow.webm'), dir)
    expect(frames.map((f) => f.atMs)).toEqual([1500, 3000])
    for (const f of frames) {
      expect(f.score).toBeGreaterThan(0.3)
      expect(existsSync(f.path)).toBe(true)
    }
    expect(readdirSync(dir).sort()).toEqual(['1500.jpg', '3000.jpg'])
    // The frame at 1.5 s is the astronaut, a different picture from the one at 3 s (coffee).
    const [a, b] = await Promise.all(frames.map(async (f) => (await sharp(f.path).stats()).channels.map((c) => Math.round(c.mean))))
    expect(a).not.toEqual(b)
  })

  it('caps scene changes per minute, keeping the strongest', () => {
    const scores = [0.4, 0.9, 0.5, 0.8, 0.35, 0.95, 0.6]
    const frames = scores.map((score, i) => ({ atMs: i * 5000, score }))
    // The three strongest of the minute, back in time order.
    expect(capPerMinute(frames, 3)).toEqual([
      { atMs: 5000, score: 0.9 },
      { atMs: 15000, score: 0.8 },
      { atMs: 25000, score: 0.95 },
    ])
    expect(capPerMinute([{ atMs: 1000, score: 0.5 }, { atMs: 61_000, score: 0.4 }], 1)).toHaveLength(2)
  })

  it('parses the scene log', () => {
    expect(parseSceneLog('frame:0    pts:15      pts_time:1.5\nlavfi.scene_score=0.811361\nframe:1 pts:30 pts_time:3\nlavfi.scene_score=0.86\n')).toEqual([
      { atMs: 1500, score: 0.811361 },
      { atMs: 3000, score: 0.86 },
    ])
  })

  it('calls a cut-off file broken', async () => {
    const dir = tmp()
    const bad = join(dir, 'bad.mp4')
    writeFileSync(bad, 'not a video at all')
    await expect(extractKeyframes(tools, bad, join(dir, 'k'))).rejects.toBeInstanceOf(BrokenFileError)
  })
})

describe('keyframe matches', () => {
  it('ranks each video by its keyframe closest to the query, and says which', () => {
    const v = (...xs: number[]) => Float32Array.from(xs)
    const frames = [
      { assetId: 1, atMs: 0, vector: v(1, 0, 0) },
      { assetId: 1, atMs: 4000, vector: v(0, 2, 0) },
      { assetId: 2, atMs: 1000, vector: v(0.6, 0.8, 0) },
      { assetId: 3, atMs: 0, vector: v(0, 0, 1) },
    ]
    const ranked = bestFrames(v(0, 1, 0), frames)
    expect(ranked.map((r) => [r.assetId, r.atMs])).toEqual([
      [1, 4000],
      [2, 1000],
      [3, 0],
    ])
    // Cosine: the length of a vector does not count.
    expect(ranked[0]!.score).toBeCloseTo(1, 6)
    expect(ranked[1]!.score).toBeCloseTo(0.8, 6)
  })
})
