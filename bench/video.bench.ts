/**
 * Video benchmark: poster + keyframes for N videos through PhotoHouse's video code
 * (src/main/video: a 2 fps sampling pass over the first 10 s to skip black/flat intros, the chosen
 * poster frame, then one scene-detection pass writing the keyframes, capped per minute) beside a
 * bare ffmpeg loop doing the same extraction with no choice made (the first frame as poster, the
 * same scene-detection command), in the same run, with the same ffmpeg binary.
 *
 *   npm run bench:video                 # 8 videos
 *   options: --videos 8  --runs 3
 *
 * The videos are the committed test videos (test-data/video) and, to have minutes as well as
 * seconds, a 45 s WebM made at start by looping the slideshow (ffmpeg -stream_loop, stream copy).
 * Printed: the median wall time of each side over the runs, and their ratio.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VIDEO_DATA } from '../src/main/testing/test-data'
import { choosePosterMs, extractFrame, extractKeyframes, findFfmpeg, sampleFrames } from '../src/main/video'
import { SCENE_THRESHOLD, KEYFRAME_MAX_SIDE } from '../src/main/video/keyframes'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`)
  return value
}

const videosWanted = arg('videos', 8)
const runs = arg('runs', 3)
const tools = findFfmpeg('bundled')
if (!tools) throw new Error('no ffmpeg: npm install brings @ffmpeg-installer/ffmpeg')
const work = mkdtempSync(join(tmpdir(), 'photohouse-bench-video-'))
const long = join(work, 'long.webm')
execFileSync(tools.ffmpeg, ['-v', 'error', '-stream_loop', '9', '-i', join(VIDEO_DATA, 'slideshow.webm'), '-c', 'copy', long])
const pool = [long, ...['megamind.mp4', 'black-intro.mp4', 'location.mov', 'slideshow.webm'].map((n) => join(VIDEO_DATA, n))]
const videos = Array.from({ length: videosWanted }, (_, i) => pool[i % pool.length]!)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function ours(run: number): Promise<{ ms: number; keyframes: number }> {
  const start = performance.now()
  let keyframes = 0
  for (const [i, video] of videos.entries()) {
    const out = join(work, `ours-${run}-${i}`)
    mkdirSync(out, { recursive: true })
    const posterMs = choosePosterMs(await sampleFrames(tools!, video))
    await extractFrame(tools!, video, posterMs, join(out, 'poster.png'), 1440)
    keyframes += (await extractKeyframes(tools!, video, join(out, 'k'))).length
  }
  return { ms: performance.now() - start, keyframes }
}

function bare(run: number): { ms: number } {
  const start = performance.now()
  for (const [i, video] of videos.entries()) {
    const out = join(work, `bare-${run}-${i}`)
    mkdirSync(join(out, 'k'), { recursive: true })
    execFileSync(tools!.ffmpeg, ['-v', 'error', '-y', '-i', video, '-an', '-frames:v', '1', '-vf', `scale=w='min(1440,iw)':h='min(1440,ih)':force_original_aspect_ratio=decrease`, join(out, 'poster.png')])
    execFileSync(tools!.ffmpeg, [
      '-v', 'error', '-i', video, '-an', '-sn', '-dn',
      '-vf', `scale=320:-2,select='gt(scene,${SCENE_THRESHOLD})',scale=w='min(${KEYFRAME_MAX_SIDE},iw)':h='min(${KEYFRAME_MAX_SIDE},ih)':force_original_aspect_ratio=decrease`,
      '-vsync', 'vfr', '-q:v', '3', '-f', 'image2', join(out, 'k', 'f%05d.jpg'),
    ])
  }
  return { ms: performance.now() - start }
}

try {
  const oursMs: number[] = []
  const bareMs: number[] = []
  let keyframes = 0
  for (let r = 0; r < runs; r++) {
    // Alternated, so neither side always runs on a warmer page cache.
    const a = await ours(r)
    bareMs.push(bare(r).ms)
    oursMs.push(a.ms)
    keyframes = a.keyframes
  }
  const o = median(oursMs)
  const b = median(bareMs)
  console.log(`videos: ${videos.length} (${pool.length} distinct, incl. a 45 s one), runs: ${runs}, ffmpeg: ${tools.ffmpeg}`)
  console.log(`keyframes kept: ${keyframes}`)
  console.log(`PhotoHouse (poster past intros + keyframes): ${o.toFixed(0)} ms  (${(o / videos.length).toFixed(0)} ms/video)`)
  console.log(`bare ffmpeg loop (first frame + keyframes):  ${b.toFixed(0)} ms  (${(b / videos.length).toFixed(0)} ms/video)`)
  console.log(`ratio: ${(o / b).toFixed(2)}x`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
